/**
 * `find`'s read-only form: its expression is a list of primaries, each spelled exactly (find has no
 * abbreviations), with a known number of arguments. Primaries that write (`-delete`, `-fprint*`, `-fls`) or
 * that are not on the list take it off the known-safe list; `-exec` and friends are taken out beforehand and
 * judged as their own command.
 */

/** Primaries that only test or print, with how many words they take. */
const PRIMARIES: Record<string, number> = {
  "-name": 1,
  "-iname": 1,
  "-path": 1,
  "-ipath": 1,
  "-wholename": 1,
  "-iwholename": 1,
  "-regex": 1,
  "-iregex": 1,
  "-regextype": 1,
  "-lname": 1,
  "-ilname": 1,
  "-type": 1,
  "-xtype": 1,
  "-maxdepth": 1,
  "-mindepth": 1,
  "-newer": 1,
  "-anewer": 1,
  "-cnewer": 1,
  "-samefile": 1,
  "-mtime": 1,
  "-atime": 1,
  "-ctime": 1,
  "-mmin": 1,
  "-amin": 1,
  "-cmin": 1,
  "-used": 1,
  "-size": 1,
  "-perm": 1,
  "-user": 1,
  "-group": 1,
  "-uid": 1,
  "-gid": 1,
  "-inum": 1,
  "-links": 1,
  "-fstype": 1,
  "-context": 1,
  "-printf": 1,
  "-print": 0,
  "-print0": 0,
  "-ls": 0,
  "-prune": 0,
  "-quit": 0,
  "-empty": 0,
  "-readable": 0,
  "-writable": 0,
  "-executable": 0,
  "-nouser": 0,
  "-nogroup": 0,
  "-true": 0,
  "-false": 0,
  "-depth": 0,
  "-d": 0,
  "-follow": 0,
  "-xdev": 0,
  "-mount": 0,
  "-noleaf": 0,
  "-daystart": 0,
  "-ignore_readdir_race": 0,
  "-noignore_readdir_race": 0,
  "-not": 0,
  "-and": 0,
  "-or": 0,
  "-a": 0,
  "-o": 0,
  "!": 0,
  "(": 0,
  ")": 0,
  ",": 0,
  "-help": 0,
  "--help": 0,
  "-version": 0,
  "--version": 0,
};

/** Options before the starting points. */
const LEADING = /^-(H|L|P|O\d*|D)$/;

/** The starting points of a `find` command (the directories it walks). */
export function findStartingPoints(args: string[]): string[] {
  const points: string[] = [];
  let index = 0;
  while (index < args.length && LEADING.test(args[index]!)) index += args[index] === "-D" ? 2 : 1;
  for (; index < args.length; index++) {
    const arg = args[index]!;
    if (arg.startsWith("-") || arg === "!" || arg === "(") break;
    points.push(arg);
  }
  return points.length > 0 ? points : ["."];
}

/** Why this `find` command is not known to be read-only, or undefined when it is. */
export function findReadOnlyProblem(args: string[]): string | undefined {
  let index = 0;
  while (index < args.length && LEADING.test(args[index]!)) index += args[index] === "-D" ? 2 : 1;
  while (index < args.length && !args[index]!.startsWith("-") && !["!", "(", ")", ","].includes(args[index]!))
    index++;
  for (; index < args.length; index++) {
    const primary = args[index]!;
    // -newerXY takes a reference file or time, like -newer.
    const takes = /^-newer[amctB]{2}$/.test(primary) ? 1 : PRIMARIES[primary];
    if (takes === undefined)
      return `find ${primary} is not on the read-only list (it may write files or run programs)`;
    index += takes;
    if (index >= args.length && takes > 0) return `find ${primary} needs an argument`;
  }
  return undefined;
}

/** Why this `sed` command is not known to be read-only: only `sed -n <line-printing script> [files]` is. */
export function sedReadOnlyProblem(args: string[]): string | undefined {
  // The script may only print lines by number or range: no w/W/r/R/e commands, no s///w or s///e, no -i.
  if (args[0] !== "-n" || args.length < 2) return "sed is read-only only as sed -n <line numbers>p";
  if (!/^[0-9,$p;\s]+$/.test(args[1]!)) return "the sed script may write files or run commands";
  if (args.slice(2).some((arg) => arg.startsWith("-"))) return "sed options after the script";
  return undefined;
}
