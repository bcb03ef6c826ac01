import type { LineTable } from "./line-table.js";
import { lineKey, MATCH_LEVELS, type MatchLevel } from "./normalise.js";

/** A file's lines with their comparison keys, computed once per loose level and only when that level is needed. */
export class LineIndex {
  private readonly cache = new Map<MatchLevel, string[]>();
  readonly length: number;

  constructor(readonly table: LineTable) {
    this.length = table.length;
  }

  /** Line `i` without its terminator. */
  text(i: number): string {
    return this.table.text(i);
  }

  /** The lines as compared at a loose `level`. */
  keys(level: Exclude<MatchLevel, "exact">): readonly string[] {
    let keys = this.cache.get(level);
    if (!keys) {
      keys = new Array(this.length);
      for (let i = 0; i < this.length; i++) keys[i] = lineKey(this.table.text(i), level);
      this.cache.set(level, keys);
    }
    return keys;
  }
}

/** Where to look for a sequence. */
export interface SeekOptions {
  /** First line the sequence may start at. */
  from: number;
  /** Try the end of the file first: the sequence was marked as ending it. */
  endOfFile?: boolean;
  /** Try positions nearest this line first (unified diffs carry line numbers). */
  hint?: number;
}

/** Where a sequence was found, and how loosely it matched. */
export interface SeekResult {
  start: number;
  level: MatchLevel;
}

type LineTest = (line: number, k: number) => boolean;

function matchesAt(test: LineTest, length: number, start: number): boolean {
  for (let k = 0; k < length; k++) if (!test(start + k, k)) return false;
  return true;
}

function scan(test: LineTest, length: number, from: number, last: number, hint?: number): number {
  if (hint === undefined) {
    for (let i = from; i <= last; i++) if (test(i, 0) && matchesAt(test, length, i)) return i;
    return -1;
  }
  const centre = Math.min(Math.max(hint, from), last);
  const reach = Math.max(centre - from, last - centre);
  for (let distance = 0; distance <= reach; distance++) {
    const after = centre + distance;
    if (after <= last && matchesAt(test, length, after)) return after;
    const before = centre - distance;
    if (distance > 0 && before >= from && matchesAt(test, length, before)) return before;
  }
  return -1;
}

/**
 * How `level` compares line `line` of the file with line `k` of the pattern. Exact compares in place; a loose level
 * compares keys, from the index's cache when scanning, computed for the one line when probing a single position.
 */
function lineTest(
  index: LineIndex,
  pattern: readonly string[],
  level: MatchLevel,
  scanning: boolean,
): LineTest {
  if (level === "exact") return (line, k) => index.table.equals(line, pattern[k] as string);
  const keys = pattern.map((text) => lineKey(text, level));
  if (!scanning) return (line, k) => lineKey(index.text(line), level) === keys[k];
  const fileKeys = index.keys(level);
  return (line, k) => fileKeys[line] === keys[k];
}

/**
 * Finds `pattern` (a non-empty run of lines) in the file at or after `options.from`, trying each level of
 * {@link MATCH_LEVELS} over the whole range before the next, looser one. With `endOfFile`, the position that ends the
 * file is tried first at every level.
 */
export function seekSequence(
  index: LineIndex,
  pattern: readonly string[],
  options: SeekOptions,
): SeekResult | undefined {
  const last = index.length - pattern.length;
  if (pattern.length === 0 || last < options.from) return undefined;
  if (options.endOfFile) {
    for (const level of MATCH_LEVELS) {
      if (matchesAt(lineTest(index, pattern, level, false), pattern.length, last))
        return { start: last, level };
    }
  }
  for (const level of MATCH_LEVELS) {
    const test = lineTest(index, pattern, level, true);
    const start =
      level === "exact" && options.hint === undefined
        ? scanExact(index.table, pattern, test, options.from, last)
        : scan(test, pattern.length, options.from, last, options.hint);
    if (start !== -1) return { start, level };
  }
  return undefined;
}

/** Shorter needles hit too often for a text search to beat a line-by-line scan. */
const MIN_NEEDLE = 8;

/**
 * The first exact match at or after `from`, found by searching the text for the pattern's longest line (a fast
 * native string search) and checking only where that line starts a line of the file.
 */
function scanExact(
  table: LineTable,
  pattern: readonly string[],
  test: LineTest,
  from: number,
  last: number,
): number {
  let k = 0;
  for (let i = 1; i < pattern.length; i++)
    if ((pattern[i] as string).length > (pattern[k] as string).length) k = i;
  const needle = pattern[k] as string;
  if (needle.length < MIN_NEEDLE) return scan(test, pattern.length, from, last);
  const { content, starts } = table;
  const limit = starts[last + k] as number;
  for (let offset = starts[from + k] as number; ; ) {
    const at = content.indexOf(needle, offset);
    if (at === -1 || at > limit) return -1;
    if (at === 0 || content.charCodeAt(at - 1) === 10) {
      const start = table.lineAt(at) - k;
      if (start >= from && start <= last && matchesAt(test, pattern.length, start)) return start;
    }
    offset = at + 1;
  }
}

/**
 * The position where the most lines of `pattern` line up with the file (compared loosely), for error messages.
 * Blank pattern lines do not count. Undefined when no line of the pattern occurs in the file.
 */
export function closestMatch(index: LineIndex, pattern: readonly string[], from: number): number | undefined {
  const wanted = new Map<string, number[]>();
  pattern.forEach((line, k) => {
    const key = lineKey(line, "punctuation");
    if (key === "") return;
    const offsets = wanted.get(key);
    if (offsets) offsets.push(k);
    else wanted.set(key, [k]);
  });
  if (wanted.size === 0) return undefined;
  const keys = index.keys("punctuation");
  // votes[position + offset]: how many pattern lines line up when the pattern starts at `position` (may be < 0).
  const offset = pattern.length;
  const votes = new Int32Array(keys.length + offset);
  for (let i = 0; i < keys.length; i++) {
    const offsets = wanted.get(keys[i] as string);
    if (offsets) for (const k of offsets) votes[i - k + offset]!++;
  }
  let best = -1;
  let bestVotes = 0;
  for (let j = 0; j < votes.length; j++) {
    const count = votes[j] as number;
    // More lines win; among equals, the first position at or after `from`.
    if (
      count > bestVotes ||
      (count > 0 && count === bestVotes && best - offset < from && j - offset >= from)
    ) {
      best = j;
      bestVotes = count;
    }
  }
  return best === -1 ? undefined : Math.max(0, best - offset);
}

function bigrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  const compact = text.trim().replace(/\s+/g, " ");
  for (let i = 0; i < compact.length - 1; i++) {
    const pair = compact.slice(i, i + 2);
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  return counts;
}

/** Dice similarity of two lines' character pairs: 1 for equal lines, 0 for nothing in common. */
function similarity(a: Map<string, number>, sizeA: number, b: Map<string, number>, sizeB: number): number {
  let shared = 0;
  for (const [pair, count] of b) shared += Math.min(count, a.get(pair) ?? 0);
  return sizeA + sizeB === 0 ? 0 : (2 * shared) / (sizeA + sizeB);
}

/**
 * When no line of a pattern occurs in the file, the position whose line is most similar to one of the pattern's
 * (at least half its character pairs shared), for error messages. Looks at a bounded number of lines from `from`.
 */
export function similarMatch(
  index: LineIndex,
  pattern: readonly string[],
  from: number,
  budget = 50_000,
): number | undefined {
  const probes = pattern
    .map((line, k) => ({ k, pairs: bigrams(line) }))
    .filter((probe) => probe.pairs.size > 1)
    .slice(0, 4)
    .map((probe) => ({ ...probe, size: [...probe.pairs.values()].reduce((sum, count) => sum + count, 0) }));
  if (probes.length === 0) return undefined;
  const lines = index.length;
  const span = Math.min(lines, budget);
  let best: number | undefined;
  let bestScore = 0.5;
  for (let step = 0; step < span; step++) {
    const i = (Math.min(from, lines - 1) + step) % lines;
    const pairs = bigrams(index.text(i));
    let size = 0;
    for (const count of pairs.values()) size += count;
    for (const probe of probes) {
      const score = similarity(probe.pairs, probe.size, pairs, size);
      if (score > bestScore) {
        bestScore = score;
        best = Math.max(0, i - probe.k);
      }
    }
  }
  return best;
}
