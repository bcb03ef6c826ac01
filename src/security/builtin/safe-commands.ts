/**
 * The built-in list of commands that only read: run under any approval mode without asking. A command is on
 * it only with options that keep it read-only; anything else (an option that writes a file or runs a program)
 * takes it off: each command's options are on an allow-list (see `safe-options.ts`, `safe-git.ts`,
 * `safe-find.ts`), and an option not on it means the command is not known to be safe. Names with a `/` are never
 * on it: `./ls` is whatever file the workspace holds.
 */

import { parseOptions } from "../shell/options.js";
import { findReadOnlyProblem, sedReadOnlyProblem } from "./safe-find.js";
import { gitReadOnlyProblem } from "./safe-git.js";
import { SAFE_OPTIONS } from "./safe-options.js";

/**
 * Commands that stay read-only whatever arguments are appended at run time (`xargs`, `find -exec ... {}`): none
 * of their options writes a file or runs a program.
 */
const TAIL_SAFE = new Set([
  "basename",
  "cat",
  "cksum",
  "cmp",
  "comm",
  "cut",
  "diff",
  "dirname",
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

/** Commands that take no options worth checking: every argument is text to print or test. */
const ANY_ARGUMENTS = new Set(["echo", "printf", "test", "true", "false", "type", "printenv"]);

/** Commands with more to check than their options: the operands, or a whole expression. */
const EXTRA: Record<string, (args: string[], operands: string[]) => string | undefined> = {
  // A second operand is the output file.
  uniq: (_args, operands) => (operands.length > 1 ? "uniq writes its second operand" : undefined),
  xxd: (_args, operands) => (operands.length > 1 ? "xxd writes its second operand" : undefined),
  // An operand that is not +FORMAT sets the clock.
  date: (_args, operands) =>
    operands.some((operand) => !operand.startsWith("+"))
      ? "date with a time operand sets the clock"
      : undefined,
  // An operand sets the host name.
  hostname: (_args, operands) => (operands.length > 0 ? "hostname NAME sets the host name" : undefined),
};

function specProblem(name: string, args: string[]): string | undefined {
  const spec = SAFE_OPTIONS[name === "egrep" || name === "fgrep" ? "grep" : name];
  if (!spec) return `${name} is not on the list of read-only commands`;
  const parsed = parseOptions(args, spec);
  if (!parsed.ok) return `${name}: ${parsed.problem}`;
  const denied = parsed.options.find((option) => !option.allowed);
  if (denied) return `${name} ${denied.spelled} can write files or run programs`;
  return EXTRA[name]?.(args, parsed.operands);
}

/**
 * Why `argv` is not known to only read, or undefined when it is. `unknownTail` means more arguments will be
 * appended at run time (`xargs`, `find -exec ... {}`); then only commands that are read-only whatever their
 * arguments qualify.
 */
export function knownSafeProblem(
  argv: string[],
  options: { unknownTail?: boolean } = {},
): string | undefined {
  const [name, ...args] = argv;
  if (!name) return "no command";
  if (name.includes("/")) return `${name} is a path, not a known command`;
  if (options.unknownTail && !TAIL_SAFE.has(name))
    return `${name} gets arguments only known at run time, and some of its options write or run programs`;
  if (ANY_ARGUMENTS.has(name)) return undefined;
  switch (name) {
    case "cd":
      return args.filter((arg) => arg !== "-L" && arg !== "-P").length <= 1
        ? undefined
        : "cd with several operands";
    case "command":
      return (args[0] === "-v" || args[0] === "-V") && args.length >= 2
        ? undefined
        : "command runs a command";
    case "find":
      return findReadOnlyProblem(args);
    case "sed":
      return sedReadOnlyProblem(args);
    case "git":
      return gitReadOnlyProblem(args);
    default:
      return specProblem(name, args);
  }
}

/** True when `argv` only reads (see {@link knownSafeProblem}). */
export function isKnownSafe(argv: string[], options: { unknownTail?: boolean } = {}): boolean {
  return knownSafeProblem(argv, options) === undefined;
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
