import { parseOptions } from "../shell/options.js";
import { findStartingPoints } from "./safe-find.js";
import { SAFE_OPTIONS } from "./safe-options.js";

/** What a known-safe command reads: the paths, and whether it walks directories and reads what is inside. */
export interface ReadTargets {
  paths: string[];
  /** True when a directory operand is searched through (grep -r, rg, find): its whole content is read. */
  recursive: boolean;
}

const GREP_RECURSIVE = new Set(["r", "R", "recursive", "dereference-recursive"]);

/** The paths a known-safe command reads. Commands without file operands (echo, pwd) read none. */
export function readTargets(argv: string[]): ReadTargets {
  const [name, ...args] = argv;
  if (
    !name ||
    [
      "echo",
      "printf",
      "test",
      "true",
      "false",
      "type",
      "printenv",
      "cd",
      "command",
      "git",
      "date",
      "hostname",
      "which",
      "pwd",
      "uname",
      "id",
      "whoami",
      "seq",
      "basename",
      "dirname",
    ].includes(name)
  )
    return { paths: [], recursive: false };
  if (name === "find") return { paths: findStartingPoints(args), recursive: true };
  if (name === "sed") return { paths: args.slice(2), recursive: false };
  const spec = SAFE_OPTIONS[name === "egrep" || name === "fgrep" ? "grep" : name];
  if (!spec) return { paths: args.filter((arg) => !arg.startsWith("-")), recursive: false };
  const parsed = parseOptions(args, spec);
  if (!parsed.ok) return { paths: args.filter((arg) => !arg.startsWith("-")), recursive: false };
  const names = new Set(parsed.options.map((option) => option.name));
  // Values of options that name files (grep -f FILE, diff --from-file=F) are read too.
  const valueFiles = parsed.options
    .filter((option) =>
      ["f", "file", "from-file", "to-file", "exclude-from", "reference", "r"].includes(option.name),
    )
    .flatMap((option) => (option.value === undefined || name === "jq" ? [] : [option.value]));
  if (name === "grep" || name === "egrep" || name === "fgrep" || name === "rg") {
    const patternGiven = ["e", "f", "regexp", "file"].some((option) => names.has(option));
    const files = patternGiven ? parsed.operands : parsed.operands.slice(1);
    const recursive =
      name === "rg" ||
      [...names].some((option) => GREP_RECURSIVE.has(option)) ||
      parsed.options.some(
        (option) => (option.name === "d" || option.name === "directories") && option.value === "recurse",
      );
    const listing = name === "rg" && (names.has("files") || names.has("type-list"));
    return {
      paths: [...(files.length > 0 || !recursive ? files : ["."]), ...valueFiles],
      recursive: recursive && !listing,
    };
  }
  if (name === "jq")
    return {
      paths: parsed.operands.slice(names.has("n") || names.has("null-input") ? 0 : 1),
      recursive: false,
    };
  // Listing a directory shows names, not contents.
  if (
    name === "ls" ||
    name === "du" ||
    name === "tree" ||
    name === "stat" ||
    name === "file" ||
    name === "readlink" ||
    name === "realpath"
  )
    return { paths: [], recursive: false };
  return {
    paths: [...parsed.operands, ...valueFiles],
    recursive: name === "diff" && (names.has("r") || names.has("recursive")),
  };
}
