/**
 * How loosely a line of the patch may match a line of the file. Tried in this order; the first level that finds
 * the chunk wins.
 */
export const MATCH_LEVELS = [
  "exact",
  "trailing-whitespace",
  "surrounding-whitespace",
  "punctuation",
] as const;
export type MatchLevel = (typeof MATCH_LEVELS)[number];

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
const SINGLE_QUOTES = /[\u2018-\u201B\u2032\uFF07]/g;
const DOUBLE_QUOTES = /[\u201C-\u201F\u2033\u00AB\u00BB\uFF02]/g;
const SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g;
const NOT_ASCII = /[^\x00-\x7F]/;

/** Replaces typographic dashes, quotes and exotic spaces with their ASCII forms, then trims. */
export function normalisePunctuation(line: string): string {
  if (!NOT_ASCII.test(line)) return line.trim();
  return line
    .replace(DASHES, "-")
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(SPACES, " ")
    .trim();
}

/** The key a line is compared by at `level`. */
export function lineKey(line: string, level: MatchLevel): string {
  switch (level) {
    case "exact":
      return line;
    case "trailing-whitespace":
      return line.trimEnd();
    case "surrounding-whitespace":
      return line.trim();
    case "punctuation":
      return normalisePunctuation(line);
  }
}
