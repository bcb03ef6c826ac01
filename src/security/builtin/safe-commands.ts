/**
 * The built-in list of commands that only read: run under any approval mode without asking. A command is on
 * it only with options that keep it read-only; anything else (an option that writes a file or runs a program)
 * takes it off. Names with a `/` are never on it: `./ls` is whatever file the workspace holds.
 */

/** Commands that only read, whatever their arguments. Also safe behind `xargs` and `find -exec`. */
const ALWAYS_SAFE = new Set([
  "basename",
  "cat",
  "cksum",
  "cmp",
  "column",
  "comm",
  "cut",
  "diff",
  "dirname",
  "du",
  "echo",
  "egrep",
  "expand",
  "false",
  "fgrep",
  "fold",
  "grep",
  "head",
  "id",
  "ls",
  "md5sum",
  "nl",
  "paste",
  "printf",
  "pwd",
  "readlink",
  "realpath",
  "rev",
  "seq",
  "sha1sum",
  "sha256sum",
  "sha512sum",
  "stat",
  "strings",
  "tac",
  "tail",
  "test",
  "tr",
  "true",
  "uname",
  "wc",
  "which",
  "whoami",
]);

/** Commands that are read-only only with some options; their check gets the arguments. */
const CHECKED: Record<string, (args: string[]) => boolean> = {
  cd: (args) => args.length <= 1,
  command: (args) => (args[0] === "-v" || args[0] === "-V") && args.length >= 2,
  date: (args) => !args.some((arg) => arg === "-s" || arg.startsWith("--set")),
  file: (args) => !args.some((arg) => arg === "-C" || arg === "--compile"),
  find: (args) => !args.some((arg) => FIND_ACTIONS.has(arg)),
  git: gitIsReadOnly,
  hostname: (args) =>
    args.every((arg) => arg.startsWith("-") && !["-F", "--file", "-b", "--boot"].includes(arg)),
  jq: (args) => !args.some((arg) => arg.startsWith("--rawfile") || arg === "-f" || arg === "--from-file"),
  printenv: () => true,
  rg: (args) =>
    !args.some((arg) => /^--(pre|pre-glob|hostname-bin)(=|$)/.test(arg) || /^-[a-zA-Z]*z/.test(arg)),
  sed: sedIsReadOnly,
  sort: (args) =>
    !args.some((arg) => /^(-o|--output|--compress-program)/.test(arg) || /^-[a-zA-Z]*o/.test(arg)),
  tree: (args) => !args.some((arg) => arg === "-o" || arg.startsWith("--output")),
  type: () => true,
  uniq: (args) => args.filter((arg) => !arg.startsWith("-")).length <= 1,
  xxd: (args) => args.filter((arg) => !arg.startsWith("-")).length <= 1 && !args.includes("-r"),
};

/** `find` primaries that write files or run programs. `-exec` and friends are judged as their own command. */
const FIND_ACTIONS = new Set(["-delete", "-fprint", "-fprint0", "-fprintf", "-fls"]);

const GIT_READ_ONLY = new Set([
  "blame",
  "cat-file",
  "describe",
  "diff",
  "grep",
  "log",
  "ls-files",
  "ls-tree",
  "merge-base",
  "rev-list",
  "rev-parse",
  "shortlog",
  "show",
  "status",
]);

/** Global git options that only change what is shown. Everything else (`-c`, `--git-dir`, `--exec-path`, ...) is not. */
const GIT_SAFE_GLOBAL = new Set([
  "--no-pager",
  "--no-optional-locks",
  "-P",
  "--literal-pathspecs",
  "--no-replace-objects",
]);

function gitIsReadOnly(args: string[]): boolean {
  let index = 0;
  while (index < args.length && args[index]!.startsWith("-")) {
    const arg = args[index]!;
    if (arg === "-C") index += 2;
    else if (GIT_SAFE_GLOBAL.has(arg)) index += 1;
    else return false;
  }
  const sub = args[index];
  const rest = args.slice(index + 1);
  if (sub === undefined) return false;
  // Options that write files, run external programs or open a pager command.
  const risky = rest.some((arg) =>
    /^(--output|--ext-diff|--textconv|-O|--open-files-in-pager|--exec|--upload-pack|--receive-pack)/.test(
      arg,
    ),
  );
  if (risky) return false;
  if (GIT_READ_ONLY.has(sub)) return true;
  if (sub === "branch")
    return rest.every((arg) =>
      ["-a", "-r", "-v", "-vv", "--list", "-l", "--show-current", "--all", "--remotes"].includes(arg),
    );
  if (sub === "remote") return rest.every((arg) => arg === "-v" || arg === "--verbose");
  if (sub === "tag") return rest.length === 0 || rest.every((arg) => arg === "-l" || arg === "--list");
  if (sub === "stash") return rest[0] === "list" || (rest[0] === "show" && rest.length <= 2);
  if (sub === "config")
    return (
      rest.length > 0 &&
      rest.every((arg, i) =>
        i === 0 ? ["--get", "--list", "-l", "--get-all"].includes(arg) : !arg.startsWith("-"),
      )
    );
  return false;
}

function sedIsReadOnly(args: string[]): boolean {
  // Only `sed -n <print script> [files]`, where the script just prints lines: no w, e, r commands, no -i.
  if (args[0] !== "-n" || args.length < 2) return false;
  const script = args[1]!;
  if (!/^[0-9,$p;\s]+$/.test(script)) return false;
  return args.slice(2).every((arg) => !arg.startsWith("-"));
}

/**
 * True when `argv` only reads. `unknownTail` means more arguments will be appended at run time (`xargs`,
 * `find -exec ... {}`); then only commands that are read-only whatever their arguments qualify.
 */
export function isKnownSafe(argv: string[], options: { unknownTail?: boolean } = {}): boolean {
  const [name, ...args] = argv;
  if (!name || name.includes("/")) return false;
  if (ALWAYS_SAFE.has(name)) return true;
  if (options.unknownTail) return false;
  const check = CHECKED[name];
  return check ? check(args) : false;
}

/** File names that usually hold credentials: reading them is never automatic. */
export function looksLikeSecretFile(path: string): boolean {
  const base = path.split("/").pop() ?? path;
  if (/^\.env(\.(?!example$|sample$|template$|dist$)[\w.-]+)?$/.test(base)) return true;
  if (/^(id_rsa|id_dsa|id_ecdsa|id_ed25519)(\.pub)?$/.test(base) && !base.endsWith(".pub")) return true;
  if (/\.(pem|key|p12|pfx|keystore|jks)$/.test(base)) return true;
  if (
    [".netrc", ".pgpass", ".npmrc", ".pypirc", "credentials", ".git-credentials", ".htpasswd"].includes(base)
  )
    return true;
  return /(^|\/)\.(ssh|aws|gnupg|kube|docker|azure|password-store)(\/|$)|(^|\/)\.config\/(gh|gcloud|hub|op)(\/|$)/.test(
    path,
  );
}
