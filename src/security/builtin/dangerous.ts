import path from "node:path";
import type { Verdict } from "../decision.js";
import { spellsLongOption } from "../shell/options.js";
import { checkGit } from "./dangerous-git.js";
import { publishVerdict } from "./dangerous-publish.js";
import { systemVerdict } from "./dangerous-system.js";

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

/**
 * True when a path argument names the root, a system directory or a home directory itself (`~`, `~user`,
 * `$HOME`, or the expanded home path).
 */
function isCatastrophicTarget(target: string, home: string | undefined): boolean {
  const bare = stripQuotes(target);
  if (HOME_SPELLINGS.test(bare) || /^~[\w.-]*\/?\*?$/.test(bare)) return true;
  if (!bare.startsWith("/")) return false;
  // `/usr/../`, `//`, `/./`, `/*/` all name the root or a system directory.
  const normal =
    path.posix
      .normalize(bare)
      .replace(/\/\*\/*$/, "")
      .replace(/(.)\/+$/, "$1") || "/";
  if (home && home !== "/" && normal === path.posix.normalize(home).replace(/(.)\/+$/, "$1")) return true;
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

function checkRm(args: string[], texts: string[], home: string | undefined): Verdict | undefined {
  // rm takes any unambiguous prefix of its long options: `--no-p`, `--rec`, `--r`.
  const options = args.slice(0, args.includes("--") ? args.indexOf("--") : args.length);
  if (options.some((arg) => spellsLongOption(arg, "no-preserve-root", 1)))
    return forbid("rm-root", "rm --no-preserve-root can delete the whole system");
  const flags = shortFlags(options);
  const recursive = /[rR]/.test(flags) || options.some((arg) => spellsLongOption(arg, "recursive", 1));
  if (!recursive) return undefined;
  const targets = [...operands(args), ...texts];
  const catastrophic = targets.find((target) => isCatastrophicTarget(target, home));
  if (catastrophic)
    return forbid(
      "rm-root",
      `recursive delete of ${catastrophic} would destroy the system or home directory`,
    );
  // Targets outside the workspace are asked about by the path check; here: the whole directory at once.
  const everything = operands(args).find((target) => [".", "./", "*", "./*", ".."].includes(target));
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

function checkChmod(args: string[], home: string | undefined): Verdict | undefined {
  const ops = operands(args);
  const recursive = /R/.test(shortFlags(args)) || args.some((arg) => spellsLongOption(arg, "recursive", 3));
  const [mode, ...targets] = ops;
  if (recursive && targets.some((target) => isCatastrophicTarget(target, home)))
    return forbid("chmod-root", "recursive chmod of a system or home directory");
  if (mode && isWorldWritable(mode))
    return ask("chmod-world-writable", `chmod ${mode} makes files writable by every user`);
  if (mode && (/^[4-7][0-7]{3}$/.test(mode) || /^[ugoa]*[+=][rwxXt]*s/.test(mode)))
    return ask("chmod-world-writable", `chmod ${mode} sets the setuid or setgid bit`);
  return undefined;
}

/**
 * The built-in verdict for one command (after unwrapping), or undefined when nothing dangerous is seen.
 * `texts` are the source spellings of words that are not literal (`$HOME`), so `rm -rf $HOME` is still caught.
 */
export function dangerousVerdict(
  argv: string[],
  texts: string[] = [],
  context: { home?: string | undefined } = {},
): Verdict | undefined {
  const [name, ...args] = argv;
  if (!name) return undefined;
  const home = context.home;
  // Case-insensitive file systems (macOS) run \`RM\` as \`rm\`.
  const base = name.split("/").pop()!.toLowerCase();
  if (base === "rm") return checkRm(args, texts, home);
  if (base === "chmod") return checkChmod(args, home);
  if (base === "chown" || base === "chgrp") {
    const recursive = /R/.test(shortFlags(args)) || args.some((arg) => spellsLongOption(arg, "recursive", 3));
    if (
      recursive &&
      operands(args)
        .slice(1)
        .some((target) => isCatastrophicTarget(target, home))
    ) {
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
    const root = (starts.length > 0 ? starts : args.filter((arg) => !arg.startsWith("-"))).find((target) =>
      isCatastrophicTarget(target, home),
    );
    if (root) return forbid("rm-root", `find ${root} -delete would delete the system or home directory`);
  }
  const system = systemVerdict(base, args);
  if (system) return system;
  if (base === "crontab" && !args.includes("-l"))
    return ask("crontab", "crontab installs commands that run later");
  return publishVerdict(base, args);
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
