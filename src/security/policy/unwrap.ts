import type { Parser } from "web-tree-sitter";
import { PRIVILEGE_TOOLS, privilegeReason } from "../builtin/dangerous-system.js";
import { isKnownSafe } from "../builtin/safe-commands.js";
import type { Verdict } from "../decision.js";
import { extractCommands, type RawCommand, type RawRedirect } from "../shell/extract.js";
import { commandNameProblem } from "../shell/unicode.js";
import type { Word } from "../shell/words.js";
import { privilegeInner } from "./unwrap-privilege.js";

/** A simple command after wrappers (`env`, `sudo`, `bash -c`, `xargs`, `find -exec`, ...) are taken off. */
export interface Analysed {
  words: Word[];
  env: { name: string; value: Word | undefined }[];
  redirects: RawRedirect[];
  text: string;
  via: string[];
  /** Why the command cannot be analysed: each one means it needs approval. */
  problems: string[];
  /** Verdicts from the wrappers themselves (`sudo` asks). */
  floors: Verdict[];
  cwd: string | undefined;
  /** More arguments are appended at run time (`xargs`, `find -exec ... {}`). */
  unknownTail: boolean;
  /** The name was spelled to dodge aliases or checks (`\rm`, `'rm'`, `command rm`). */
  obfuscated: boolean;
  pipeline?: { id: number; index: number };
}

/** What unwrapping needs besides the command. */
export interface UnwrapEnv {
  parser: Parser;
  home: string | undefined;
}

const SHELLS = new Set(["sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish"]);
const WRAPPERS = new Set([
  "env",
  "sudo",
  "doas",
  "command",
  "builtin",
  "exec",
  "nohup",
  "time",
  "nice",
  "timeout",
  "stdbuf",
  "xargs",
  "eval",
  "su",
]);
const MAX_DEPTH = 4;

function fromRaw(raw: RawCommand, via: string[]): Analysed {
  return {
    words: raw.words,
    env: raw.assignments,
    redirects: raw.redirects,
    text: raw.text,
    via,
    problems: [...raw.problems],
    floors: [],
    cwd: raw.cwd,
    unknownTail: false,
    obfuscated: false,
    ...(raw.pipeline ? { pipeline: raw.pipeline } : {}),
  };
}

function peel(command: Analysed, count: number, wrapper: string): Analysed {
  return { ...command, words: command.words.slice(count), via: [...command.via, wrapper] };
}

/** Skips options of a wrapper; `withValue` lists options that take the next word. Returns the index of the command. */
function skipOptions(
  words: Word[],
  start: number,
  withValue: Set<string>,
  known: RegExp,
): number | undefined {
  let index = start;
  while (index < words.length) {
    const word = words[index]!;
    if (!word.literal) return undefined;
    const value = word.value;
    if (value === "--") return index + 1;
    if (!value.startsWith("-") || value === "-") return index;
    if (withValue.has(value)) index += 2;
    else if (known.test(value)) index += 1;
    else return undefined;
  }
  return index;
}

function checkName(command: Analysed): boolean {
  const name = command.words[0];
  if (!name) return false;
  if (!name.literal) {
    command.problems.push(
      `the command name ${name.text} is computed at run time (variable or substitution in command position)`,
    );
    return false;
  }
  if (name.quoted && !command.obfuscated) {
    command.obfuscated = true;
    command.problems.push(
      `the command name ${name.text} is quoted or escaped, which bypasses aliases and functions`,
    );
  }
  if (name.glob) command.problems.push(`the command name ${name.text} is a glob pattern`);
  const unicode = commandNameProblem(name.value);
  if (unicode) command.problems.push(unicode);
  return true;
}

function innerCommandProblem(command: Analysed, wrapper: string): void {
  const name = command.words[0];
  if (!name) return;
  if (!name.literal) {
    command.problems.push(`${wrapper} runs a command whose name is computed at run time`);
    return;
  }
  const base = name.value.split("/").pop()!;
  if (SHELLS.has(base) || WRAPPERS.has(base) || PRIVILEGE_TOOLS.has(base)) {
    command.problems.push(
      `${wrapper} runs ${base}, whose script or command depends on input only known at run time`,
    );
  } else if (
    !isKnownSafe(
      command.words.map((word) => word.value),
      { unknownTail: true },
    )
  ) {
    command.problems.push(
      `${wrapper} runs ${name.value}, which is not known to be read-only, on arguments only known at run time`,
    );
  }
}

const XARGS_VALUE = new Set(["-I", "-n", "-P", "-d", "-L", "-s", "-E", "-a"]);
const XARGS_FLAGS =
  /^(-[0rtpxo]+|-i.*|-I\S+|-e.*|-[nPLsd]\S+|--(null|no-run-if-empty|verbose|interactive|open-tty|exit|replace(=.*)?|max-args=.*|max-procs=.*|max-lines=.*|max-chars=.*|delimiter=.*|arg-file=.*|eof=.*))$/;

function unwrapXargs(command: Analysed, env: UnwrapEnv, depth: number): Analysed[] {
  const start = skipOptions(command.words, 1, XARGS_VALUE, XARGS_FLAGS);
  if (start === undefined) {
    command.problems.push("xargs has options that cannot be analysed");
    return [command];
  }
  if (start >= command.words.length) return [command]; // runs echo
  const inner = { ...peel(command, start, "xargs"), unknownTail: true, problems: [...command.problems] };
  innerCommandProblem(inner, "xargs");
  return unwrap(inner, env, depth);
}

const FIND_EXEC = new Set(["-exec", "-execdir", "-ok", "-okdir"]);

function unwrapFind(command: Analysed, env: UnwrapEnv, depth: number): Analysed[] {
  const own: Word[] = [];
  const inner: Analysed[] = [];
  const words = command.words;
  for (let index = 0; index < words.length; index++) {
    const word = words[index]!;
    if (!(word.literal && FIND_EXEC.has(word.value))) {
      own.push(word);
      continue;
    }
    const end = words.findIndex(
      (candidate, at) =>
        at > index && candidate.literal && (candidate.value === ";" || candidate.value === "+"),
    );
    const stop = end < 0 ? words.length : end;
    const run: Analysed = {
      ...command,
      words: words.slice(index + 1, stop),
      via: [...command.via, `find ${word.value}`],
      problems: [...command.problems],
      floors: [...command.floors],
      redirects: [],
      unknownTail: true,
    };
    if (run.words.length === 0) run.problems.push(`find ${word.value} without a command`);
    else innerCommandProblem(run, `find ${word.value}`);
    inner.push(...unwrap(run, env, depth));
    index = stop;
  }
  return [{ ...command, words: own }, ...inner];
}

function unwrapShell(command: Analysed, env: UnwrapEnv, depth: number, name: string): Analysed[] {
  const words = command.words;
  let index = 1;
  let hasC = false;
  while (index < words.length) {
    const word = words[index]!;
    if (!word.literal) break;
    const value = word.value;
    if (/^-[lcexuvE]+$/.test(value)) {
      if (value.includes("c")) hasC = true;
      index++;
    } else if (["--login", "--noprofile", "--norc", "--posix"].includes(value)) index++;
    else if (
      value === "-o" &&
      words[index + 1]?.literal &&
      /^(pipefail|errexit|nounset|xtrace)$/.test(words[index + 1]!.value)
    )
      index += 2;
    else if (value.startsWith("-") && value !== "-") {
      command.problems.push(`${name} option ${value} cannot be analysed`);
      return [command];
    } else break;
  }
  if (!hasC) {
    if (index >= words.length)
      command.problems.push(`${name} reads its script from standard input, which cannot be checked`);
    return [command];
  }
  const script = words[index];
  if (!script) {
    command.problems.push(`${name} -c without a script`);
    return [command];
  }
  if (!script.literal) {
    command.problems.push(`${name} -c runs ${script.text}, a script that is only known at run time`);
    return [command];
  }
  if (depth >= MAX_DEPTH) {
    command.problems.push(`${name} -c is nested more than ${MAX_DEPTH} levels deep`);
    return [command];
  }
  const extracted = extractCommands(env.parser, script.value, { cwd: command.cwd, home: env.home });
  const wrapper = `${name} -c`;
  const parts = extracted.commands.flatMap((raw) =>
    unwrap(
      {
        ...fromRaw(raw, [...command.via, wrapper]),
        env: [...command.env, ...raw.assignments],
        problems: [...command.problems, ...extracted.problems, ...raw.problems],
        floors: [...command.floors],
      },
      env,
      depth + 1,
    ),
  );
  // The outer command's own redirections still apply; they are judged as a part of their own.
  if (command.redirects.length > 0 || parts.length === 0) {
    parts.push({ ...command, words: [], problems: [...command.problems, ...extracted.problems] });
  }
  return parts;
}

const ENV_VALUE = new Set(["-u", "--unset", "-C", "--chdir"]);
const NICE_VALUE = new Set(["-n", "--adjustment"]);
const TIMEOUT_VALUE = new Set(["-s", "--signal", "-k", "--kill-after"]);
const STDBUF_VALUE = new Set(["-i", "-o", "-e"]);

/** A privilege wrapper asks (a floor), and the command or script inside it is judged as well. */
function unwrapPrivilege(command: Analysed, env: UnwrapEnv, depth: number, base: string): Analysed[] {
  const floored: Analysed = {
    ...command,
    floors: [
      ...command.floors,
      {
        decision: "ask",
        reason: privilegeReason(base),
        rule: "builtin:dangerous-root",
      },
    ],
  };
  const inner = privilegeInner(base, command.words);
  switch (inner.kind) {
    case "none":
      return [floored];
    case "problem":
      floored.problems.push(inner.problem);
      return [floored];
    case "command":
      return unwrap(peel(floored, inner.start, base), env, depth);
    case "shell-args": {
      const shell: Word = { ...command.words[0]!, text: "sh", value: "sh", quoted: false };
      const words = [shell, ...command.words.slice(inner.start)];
      return unwrapShell({ ...floored, words, via: [...command.via, base] }, env, depth, "sh");
    }
    case "script": {
      if (!inner.script) {
        floored.problems.push(`${base} -c without a script`);
        return [floored];
      }
      const shell: Word = { ...command.words[0]!, text: "sh", value: "sh", quoted: false };
      const flag: Word = { ...shell, text: "-c", value: "-c" };
      return unwrapShell(
        { ...floored, words: [shell, flag, inner.script], via: [...command.via, base] },
        env,
        depth,
        "sh",
      );
    }
  }
}

/** Takes wrappers off `command` until a plain command is left; `bash -c` scripts are parsed and judged inside. */
export function unwrap(command: Analysed, env: UnwrapEnv, depth: number): Analysed[] {
  for (;;) {
    if (!checkName(command)) return [command];
    const name = command.words[0]!.value;
    const base = name.split("/").pop()!;
    switch (base) {
      case "command":
      case "builtin": {
        const start = skipOptions(command.words, 1, new Set(), /^-p$/);
        const next = command.words[start ?? 1];
        if (start === undefined || (next?.literal && /^-[vV]$/.test(next.value))) return [command];
        if (!next) return [command];
        command.problems.push(
          `"${base} ${next.value}" bypasses aliases and functions; it is judged like ${next.value} but never runs without asking`,
        );
        command = { ...peel(command, start, base), obfuscated: true };
        continue;
      }
      case "exec":
      case "nohup":
      case "time": {
        const start = skipOptions(command.words, 1, new Set(), /^-p$/);
        if (start === undefined) {
          command.problems.push(`${base} has options that cannot be analysed`);
          return [command];
        }
        if (start >= command.words.length) return [command];
        command = peel(command, start, base);
        continue;
      }
      case "nice":
      case "stdbuf": {
        const start = skipOptions(
          command.words,
          1,
          base === "nice" ? NICE_VALUE : STDBUF_VALUE,
          /^(-\d+|-n\d+|--adjustment=.*|-[ioe]\S+|--(input|output|error)=.*)$/,
        );
        if (start === undefined || start >= command.words.length) {
          if (start === undefined) command.problems.push(`${base} has options that cannot be analysed`);
          return [command];
        }
        command = peel(command, start, base);
        continue;
      }
      case "timeout": {
        const start = skipOptions(
          command.words,
          1,
          TIMEOUT_VALUE,
          /^(--preserve-status|--foreground|-v|--verbose|--signal=.*|--kill-after=.*)$/,
        );
        if (start === undefined || start + 1 >= command.words.length) {
          if (start === undefined) command.problems.push("timeout has options that cannot be analysed");
          return [command];
        }
        command = peel(command, start + 1, "timeout");
        continue;
      }
      case "env": {
        let index = 1;
        const assignments: Analysed["env"] = [];
        while (index < command.words.length) {
          const word = command.words[index]!;
          if (!word.literal) break;
          if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word.value)) {
            assignments.push({ name: word.value.split("=")[0]!, value: word });
            index++;
          } else if (ENV_VALUE.has(word.value)) index += 2;
          else if (/^(-i|--ignore-environment|-0|--null|-u\S+|--unset=.*|-)$/.test(word.value)) index++;
          else if (word.value.startsWith("-")) {
            command.problems.push(
              `env option ${word.value} cannot be analysed (-S splits a string into a command)`,
            );
            return [command];
          } else break;
        }
        if (index >= command.words.length)
          return [{ ...command, env: [...command.env, ...assignments], words: command.words.slice(0, 1) }];
        command = { ...peel(command, index, "env"), env: [...command.env, ...assignments] };
        continue;
      }
      case "eval":
        command.problems.push("eval runs a string as shell code, which cannot be analysed");
        return [command];
      case "alias":
      case "shopt":
      case "enable":
        if (command.words.length > 1) command.problems.push(`${base} changes what later command names mean`);
        return [command];
      case "xargs":
        return unwrapXargs(command, env, depth);
      case "find":
        return unwrapFind(command, env, depth);
      default:
        if (SHELLS.has(base)) return unwrapShell(command, env, depth, base);
        if (PRIVILEGE_TOOLS.has(base)) return unwrapPrivilege(command, env, depth, base);
        return [command];
    }
  }
}

/** Unwraps one command as found in the syntax tree. */
export function analyse(raw: RawCommand, env: UnwrapEnv): Analysed[] {
  return unwrap(fromRaw(raw, []), env, 0);
}
