/**
 * Reads a command's options the way the program itself does (GNU `getopt_long` and git's parse-options share
 * the rules that matter here): `--name=value` and `--name value`, bundled short options where the first one that
 * takes a value swallows the rest of the word (`-nOsh` is `-n -O sh`), `--` ends the options, options after
 * operands still count, and an unambiguous prefix of a long option means that option (`--compress-prog`).
 */

/** Whether an option takes a value: none, always (`=` or the next word), or only when attached (`-Ofoo`, `--x=y`). */
export type Arity = "none" | "required" | "optional";

/** Every option one program has, and which of them are on its read-only allow-list. */
export interface OptionSpec {
  /** Options (short `x`, long `name`) allowed in a read-only use, with their arity. */
  allowed: Map<string, Arity>;
  /** The program's other options: known, so arity and prefixes resolve, but not allowed. */
  other: Map<string, Arity>;
  /**
   * True when `allowed` plus `other` are the program's complete set of long options. Only then is a prefix
   * resolved (`--rev` → `--reverse`); otherwise an option must be spelled exactly, because a program option
   * missing from our list could be what the prefix really names.
   */
  complete: boolean;
  /** `-NUM` is an option (`head -5`, `git log -3`). */
  numeric?: boolean;
  /** The first operand ends the options (POSIX utilities, `find`-style expressions are not read here). */
  stopAtOperand?: boolean;
}

/** One option as the program will see it. */
export interface ParsedOption {
  /** The option's full name without dashes (`reverse`, `n`), or `NUM` for `-5`. */
  name: string;
  /** The word or words it came from. */
  spelled: string;
  value?: string;
  allowed: boolean;
}

/** The options and operands of one command, or why they cannot be read. */
export type ParsedOptions =
  | { ok: true; options: ParsedOption[]; operands: string[] }
  | { ok: false; problem: string };

/**
 * Builds an {@link OptionSpec} from a compact list: `-n` a short option, `--name` a long one, a trailing `=` for
 * one that takes a value and `=?` for an optional (attached-only) value.
 */
export function optionSpec(
  allowed: string,
  other = "",
  flags: { complete?: boolean; numeric?: boolean; stopAtOperand?: boolean } = {},
): OptionSpec {
  return {
    allowed: parseList(allowed),
    other: parseList(other),
    complete: flags.complete ?? false,
    ...(flags.numeric ? { numeric: true } : {}),
    ...(flags.stopAtOperand ? { stopAtOperand: true } : {}),
  };
}

function parseList(list: string): Map<string, Arity> {
  const map = new Map<string, Arity>();
  for (const token of list.split(/\s+/).filter(Boolean)) {
    const match = /^--?([^=]+)(=\??)?$/.exec(token);
    if (!match) throw new Error(`bad option token ${token}`);
    map.set(match[1]!, match[2] === "=?" ? "optional" : match[2] === "=" ? "required" : "none");
  }
  return map;
}

function lookup(spec: OptionSpec, name: string): { arity: Arity; allowed: boolean } | undefined {
  const allowed = spec.allowed.get(name);
  if (allowed) return { arity: allowed, allowed: true };
  const other = spec.other.get(name);
  return other ? { arity: other, allowed: false } : undefined;
}

/** Resolves a long option name: exact, else (with a complete list) the one option it is a prefix of. */
function resolveLong(
  spec: OptionSpec,
  given: string,
): { name: string; arity: Arity; allowed: boolean } | string {
  const exact = lookup(spec, given);
  if (exact && given.length > 1) return { name: given, ...exact };
  if (!spec.complete)
    return `--${given} is not an option known for this command (abbreviations are not accepted)`;
  const candidates = [...spec.allowed.keys(), ...spec.other.keys()].filter(
    (name) => name.length > 1 && name.startsWith(given),
  );
  if (candidates.length === 1) return { name: candidates[0]!, ...lookup(spec, candidates[0]!)! };
  return candidates.length === 0
    ? `--${given} is not an option of this command`
    : `--${given} is ambiguous (${candidates.map((name) => `--${name}`).join(", ")})`;
}

/** Parses `args` (the words after the command name) against `spec`. */
export function parseOptions(args: string[], spec: OptionSpec): ParsedOptions {
  const options: ParsedOption[] = [];
  const operands: string[] = [];
  let ended = false;
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (ended || arg === "-" || !arg.startsWith("-")) {
      operands.push(arg);
      if (spec.stopAtOperand) ended = true;
      continue;
    }
    if (arg === "--") {
      ended = true;
      continue;
    }
    if (arg.startsWith("--")) {
      const equals = arg.indexOf("=");
      const given = equals < 0 ? arg.slice(2) : arg.slice(2, equals);
      const resolved = resolveLong(spec, given);
      if (typeof resolved === "string") return { ok: false, problem: resolved };
      let value = equals < 0 ? undefined : arg.slice(equals + 1);
      let spelled = arg;
      if (resolved.arity === "none" && value !== undefined)
        return { ok: false, problem: `--${resolved.name} takes no value` };
      if (resolved.arity === "required" && value === undefined) {
        value = args[++index];
        if (value === undefined) return { ok: false, problem: `--${resolved.name} needs a value` };
        spelled = `${arg} ${value}`;
      }
      options.push({
        name: resolved.name,
        spelled,
        ...(value === undefined ? {} : { value }),
        allowed: resolved.allowed,
      });
      continue;
    }
    if (spec.numeric && /^-\d+$/.test(arg)) {
      options.push({ name: "NUM", spelled: arg, value: arg.slice(1), allowed: true });
      continue;
    }
    for (let at = 1; at < arg.length; at++) {
      const letter = arg[at]!;
      const found = lookup(spec, letter);
      if (!found) return { ok: false, problem: `-${letter} is not an option known for this command` };
      if (found.arity === "none") {
        options.push({ name: letter, spelled: `-${letter}`, allowed: found.allowed });
        continue;
      }
      let value: string | undefined = arg.slice(at + 1);
      let spelled = `-${letter}${value}`;
      if (value === "") {
        if (found.arity === "required") {
          value = args[++index];
          if (value === undefined) return { ok: false, problem: `-${letter} needs a value` };
          spelled = `-${letter} ${value}`;
        } else value = undefined;
      }
      options.push({
        name: letter,
        spelled,
        ...(value === undefined ? {} : { value }),
        allowed: found.allowed,
      });
      break;
    }
  }
  return { ok: true, options, operands };
}

/**
 * True when `arg` is `--name` or an abbreviation of it, with or without `=value`: for floors, which must catch
 * every spelling the program accepts (a false match only asks).
 */
export function spellsLongOption(arg: string, name: string, shortest = 3): boolean {
  if (!arg.startsWith("--")) return false;
  const given = arg.slice(2).split("=")[0]!;
  return given.length >= Math.min(shortest, name.length) && name.startsWith(given);
}
