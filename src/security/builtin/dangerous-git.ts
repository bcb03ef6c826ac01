import type { Verdict } from "../decision.js";
import { spellsLongOption } from "../shell/options.js";

/**
 * The git floors: configuration overrides that can run programs, force pushes, discarding work, deleting
 * untracked files, and configuration written outside the repository or with keys that run programs. git's
 * parse-options accepts any unambiguous prefix of a long option (`--har`, `--glob`, `--forc`), so every
 * prefix counts here; a prefix git finds ambiguous only makes git fail, and asking about it costs nothing.
 */

function ask(name: string, reason: string): Verdict {
  return { decision: "ask", reason, rule: `builtin:dangerous-${name}` };
}

/** Short flags of words like `-fdx` (bundled), joined. */
function shortFlags(args: string[]): string {
  return args
    .filter((arg) => /^-[a-zA-Z]+$/.test(arg))
    .map((arg) => arg.slice(1))
    .join("");
}

function spells(args: string[], name: string, shortest = 1): string | undefined {
  return args.find((arg) => spellsLongOption(arg, name, shortest));
}

/** Config keys whose value is a program, a hook directory or more config: setting one runs code later. */
const CODE_KEYS =
  /^(core\.(fsmonitor|hookspath|pager|sshcommand|editor|askpass|gitproxy|worktree|attributesfile|excludesfile)|(diff|merge|filter)\..+\.(command|textconv|driver|clean|smudge|process|cachetextconv)|diff\.external|alias\..+|credential\..*helper|sequence\.editor|gpg\..*program|include\.path|includeif\..+|uploadpack\.packobjectshook|pager\..+|remote\..+\.(uploadpack|receivepack|proxy)|http\..*proxy|protocol\..*allow|submodule\..+\.update|init\.templatedir|safe\.directory|interactive\.difffilter|web\.browser|browser\..+\.cmd|man\..+\.cmd|difftool\..+\.cmd|mergetool\..+\.cmd|sendemail\..+|ssh\.variant)$/i;

const CONFIG_READS = ["get", "get-all", "get-regexp", "get-urlmatch", "get-color", "get-colorbool", "list"];

function checkConfig(rest: string[]): Verdict | undefined {
  const reads =
    rest.some((arg) => arg === "-l" || CONFIG_READS.some((name) => arg === `--${name}`)) ||
    ["get", "list"].includes(rest.find((arg) => !arg.startsWith("-")) ?? "");
  if (reads) return undefined;
  const scope =
    spells(rest, "global", 2) ??
    spells(rest, "system", 2) ??
    spells(rest, "file", 2) ??
    spells(rest, "blob", 2);
  if (scope || rest.includes("-f"))
    return ask(
      "git-config-global",
      `git config ${scope ?? "-f"} changes git configuration outside this repository`,
    );
  const key = rest.find(
    (arg, index) => !arg.startsWith("-") && !(index === 0 && ["set", "unset"].includes(arg)),
  );
  if (key && CODE_KEYS.test(key))
    return ask(
      "git-config-code",
      `git config ${key} sets a program (or hooks, or more config) that git runs later`,
    );
  return undefined;
}

/** The built-in verdict for `git ARGS`, or undefined. */
export function checkGit(args: string[]): Verdict | undefined {
  let index = 0;
  while (index < args.length && args[index]!.startsWith("-")) {
    const option = args[index]!;
    if (
      option === "-c" ||
      /^-c./.test(option) ||
      spellsLongOption(option, "config-env", 3) ||
      spellsLongOption(option, "exec-path", 3)
    ) {
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
    const force =
      ["force", "force-with-lease", "force-if-includes", "mirror", "delete", "prune"]
        .map((name) => spells(rest, name))
        .find(Boolean) ??
      rest.find((arg) => /^-[a-zA-Z]*[fd]/.test(arg) || (!arg.startsWith("-") && /^[+:]/.test(arg)));
    if (force) return ask("git-force-push", `git push ${force} rewrites or deletes history on the remote`);
  }
  if (sub === "reset") {
    const discard = spells(rest, "hard") ?? spells(rest, "merge");
    if (discard) return ask("git-reset-hard", `git reset ${discard} discards uncommitted work`);
  }
  if (sub === "clean") {
    const dry = /[n]/.test(shortFlags(rest)) || spells(rest, "dry-run", 2) !== undefined;
    if (!dry) return ask("git-clean", "git clean deletes untracked (with -x also ignored) files");
  }
  if (sub === "checkout" || sub === "switch") {
    const force =
      spells(rest, "force", 2) ??
      spells(rest, "discard-changes", 2) ??
      rest.find((arg) => /^-[a-zA-Z]*f/.test(arg));
    if (force) return ask("git-reset-hard", `git ${sub} ${force} discards uncommitted work`);
  }
  if (sub === "stash" && rest[0] === "clear")
    return ask("git-reset-hard", "git stash clear deletes every stash");
  if (sub === "config") return checkConfig(rest);
  return undefined;
}
