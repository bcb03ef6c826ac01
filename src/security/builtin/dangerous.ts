import path from "node:path";
import type { Verdict } from "../decision.js";

/**
 * Built-in patterns of commands that destroy data, escalate privileges or publish: `forbid` for the
 * catastrophic ones, `ask` for the ones that are sometimes wanted. They are a floor: no allow rule lifts them.
 */

const SYSTEM_DIRS = new Set([
  "/",
  "/*",
  "/bin",
  "/boot",
  "/dev",
  "/etc",
  "/home",
  "/lib",
  "/lib64",
  "/opt",
  "/proc",
  "/root",
  "/sbin",
  "/srv",
  "/sys",
  "/usr",
  "/var",
  "/System",
  "/Users",
  "/Library",
  "/Applications",
]);

const HOME_SPELLINGS = /^(~|~\/|~\/\*|\$HOME|\$\{HOME\}|\$HOME\/|\$HOME\/\*|\$\{HOME\}\/\*?)$/;

function stripQuotes(text: string): string {
  return text.replace(/["']/g, "");
}

/** True when a path argument names the root, a system directory or a home directory itself. */
function isCatastrophicTarget(target: string): boolean {
  const bare = stripQuotes(target);
  if (HOME_SPELLINGS.test(bare) || /^~[\w.-]*\/?\*?$/.test(bare)) return true;
  if (!bare.startsWith("/")) return false;
  // `/usr/../`, `//`, `/./`, `/*/` all name the root or a system directory.
  const normal =
    path.posix
      .normalize(bare)
      .replace(/\/\*\/*$/, "")
      .replace(/(.)\/+$/, "$1") || "/";
  return SYSTEM_DIRS.has(normal) || SYSTEM_DIRS.has(path.posix.normalize(bare));
}

function forbid(name: string, reason: string): Verdict {
  return { decision: "forbid", reason, rule: `builtin:dangerous-${name}` };
}

function ask(name: string, reason: string): Verdict {
  return { decision: "ask", reason, rule: `builtin:dangerous-${name}` };
}

function shortFlags(args: string[]): string {
  return args
    .filter((arg) => /^-[a-zA-Z]+$/.test(arg))
    .map((arg) => arg.slice(1))
    .join("");
}

function operands(args: string[]): string[] {
  const out: string[] = [];
  let afterDashes = false;
  for (const arg of args) {
    if (!afterDashes && arg === "--") afterDashes = true;
    else if (afterDashes || !arg.startsWith("-") || arg === "-") out.push(arg);
  }
  return out;
}

function checkRm(args: string[], texts: string[]): Verdict | undefined {
  if (args.includes("--no-preserve-root"))
    return forbid("rm-root", "rm --no-preserve-root can delete the whole system");
  const flags = shortFlags(args);
  const recursive = /[rR]/.test(flags) || args.includes("--recursive");
  if (!recursive) return undefined;
  const targets = [...operands(args), ...texts];
  const catastrophic = targets.find(isCatastrophicTarget);
  if (catastrophic)
    return forbid(
      "rm-root",
      `recursive delete of ${catastrophic} would destroy the system or home directory`,
    );
  // Targets outside the workspace are asked about by the path check; here: the whole directory at once.
  const everything = operands(args).find((target) => [".", "./", "*", "./*"].includes(target));
  if (everything)
    return ask("rm-recursive", `recursive delete of ${everything} removes everything in the directory`);
  return undefined;
}

function isWorldWritable(mode: string): boolean {
  if (/^[0-7]{3,4}$/.test(mode)) return ["2", "3", "6", "7"].includes(mode.at(-1)!);
  return mode.split(",").some((clause) => {
    const parts = /^([ugoa]*)[+=]([rwxXst]*)$/.exec(clause);
    return parts !== null && parts[2]!.includes("w") && /[ao]/.test(parts[1]!);
  });
}

function checkChmod(args: string[]): Verdict | undefined {
  const ops = operands(args);
  const recursive = /R/.test(shortFlags(args)) || args.includes("--recursive");
  const [mode, ...targets] = ops;
  if (recursive && targets.some(isCatastrophicTarget))
    return forbid("chmod-root", "recursive chmod of a system or home directory");
  if (mode && isWorldWritable(mode))
    return ask("chmod-world-writable", `chmod ${mode} makes files writable by every user`);
  return undefined;
}

function checkGit(args: string[]): Verdict | undefined {
  let index = 0;
  while (index < args.length && args[index]!.startsWith("-")) {
    const option = args[index]!;
    if (option === "-c" || /^--(config-env|exec-path)(=|$)/.test(option) || /^-c./.test(option)) {
      return ask(
        "git-config-override",
        `git ${option} overrides configuration (pager, hooks, aliases, editor), which can run any program`,
      );
    }
    index += option === "-C" ? 2 : 1;
  }
  const sub = args[index];
  const rest = args.slice(index + 1);
  if (sub === "push") {
    const force = rest.find(
      (arg) =>
        /^(-f|--force|--force-with-lease|--force-if-includes|--mirror|--delete|-d|--prune)(=|$)/.test(arg) ||
        /^-[a-zA-Z]*f/.test(arg) ||
        (!arg.startsWith("-") && /^[+:]/.test(arg)),
    );
    if (force) return ask("git-force-push", `git push ${force} rewrites or deletes history on the remote`);
  }
  if (sub === "reset" && rest.includes("--hard"))
    return ask("git-reset-hard", "git reset --hard discards uncommitted work");
  if (sub === "clean" && /f/.test(shortFlags(rest)))
    return ask("git-clean", "git clean -f deletes untracked files");
  if (sub === "config" && rest.some((arg) => arg === "--global" || arg === "--system")) {
    return ask("git-config-global", "changes git configuration outside this repository");
  }
  return undefined;
}

const PUBLISHERS: Record<string, string[]> = {
  npm: ["publish", "unpublish", "deprecate"],
  pnpm: ["publish"],
  yarn: ["publish", "npm"],
  cargo: ["publish", "yank"],
  gem: ["push", "yank"],
  twine: ["upload"],
  docker: ["push"],
};

const POWER = new Set(["shutdown", "reboot", "halt", "poweroff"]);
const DISK_TOOLS = /^(mkfs(\.\w+)?|mke2fs|mkswap|fdisk|sfdisk|parted|wipefs)$/;
const ROOT = new Set(["sudo", "su", "doas", "pkexec"]);

/**
 * The built-in verdict for one command (after unwrapping), or undefined when nothing dangerous is seen.
 * `texts` are the source spellings of words that are not literal (`$HOME`), so `rm -rf $HOME` is still caught.
 */
export function dangerousVerdict(argv: string[], texts: string[] = []): Verdict | undefined {
  const [name, ...args] = argv;
  if (!name) return undefined;
  // Case-insensitive file systems (macOS) run \`RM\` as \`rm\`.
  const base = name.split("/").pop()!.toLowerCase();
  if (base === "rm") return checkRm(args, texts);
  if (base === "chmod") return checkChmod(args);
  if (base === "chown" || base === "chgrp") {
    if (/R/.test(shortFlags(args)) && operands(args).slice(1).some(isCatastrophicTarget)) {
      return forbid("chown-root", "recursive ownership change of a system or home directory");
    }
    return undefined;
  }
  if (base === "git") return checkGit(args);
  if (base === "find" && args.includes("-delete")) {
    const starts = args.slice(
      0,
      Math.max(
        0,
        args.findIndex((arg) => /^[-(!]/.test(arg)),
      ),
    );
    const root = (starts.length > 0 ? starts : args.filter((arg) => !arg.startsWith("-"))).find(
      isCatastrophicTarget,
    );
    if (root) return forbid("rm-root", `find ${root} -delete would delete the system or home directory`);
  }
  if (base === "dd" && args.some((arg) => /^of=\/dev\/(?!null$|zero$|stdout$|stderr$)/.test(arg))) {
    return forbid("disk-write", "dd onto a device overwrites a disk");
  }
  if (DISK_TOOLS.test(base)) return forbid("disk-format", `${base} formats or repartitions disks`);
  if (base === "shred" && args.some((arg) => arg.startsWith("/dev/")))
    return forbid("disk-write", "shred of a device");
  if (POWER.has(base) || (base === "systemctl" && args.some((arg) => POWER.has(arg)))) {
    return forbid("power", `${base} stops or restarts the machine`);
  }
  if (base === "init" && (args[0] === "0" || args[0] === "6"))
    return forbid("power", "init 0/6 stops the machine");
  if (base === "kill" || base === "pkill" || base === "killall") {
    if (args.includes("-1") && base === "kill")
      return forbid("kill-all", "kill -1 signals every process you own");
  }
  if (ROOT.has(base)) return ask("root", `${base} runs a command with elevated privileges`);
  if (base === "crontab" && !args.includes("-l"))
    return ask("crontab", "crontab installs commands that run later");
  const publishes = PUBLISHERS[base];
  if (publishes && args.some((arg) => publishes.includes(arg))) {
    return ask(
      "publish",
      `${base} ${args.find((arg) => publishes.includes(arg))} publishes to a registry and cannot be undone`,
    );
  }
  return undefined;
}

const DOWNLOADERS = new Set(["curl", "wget", "fetch", "aria2c"]);
const INTERPRETERS = /^(sh|bash|zsh|dash|ksh|fish|python[0-9.]*|perl|ruby|node|php|sudo)$/;

/** The verdict for a pipeline that feeds a download into a shell or interpreter (`curl ... | sh`). */
export function pipeToShellVerdict(stages: string[][]): Verdict | undefined {
  const download = stages.findIndex((argv) => DOWNLOADERS.has(argv[0]?.split("/").pop() ?? ""));
  if (download < 0) return undefined;
  const runner = stages
    .slice(download + 1)
    .find((argv) => INTERPRETERS.test(argv[0]?.split("/").pop() ?? ""));
  if (!runner) return undefined;
  return ask("pipe-to-shell", `a download is piped into ${runner[0]}, which runs code nobody has reviewed`);
}

/** The classic fork bomb and its renamed variants. */
export function forkBombVerdict(script: string): Verdict | undefined {
  if (/([\w:]+)\s*\(\)\s*\{[^}]*\1\s*\|\s*\1\s*&/.test(script))
    return forbid("fork-bomb", "the script is a fork bomb");
  return undefined;
}
