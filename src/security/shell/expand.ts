/**
 * Brace and tilde expansion, as bash does them before a command runs: `~{,}` is two words `~ ~`, each then
 * `$HOME`; `/{etc,usr}` is `/etc /usr`; `{1..3}` is `1 2 3`. The policy judges the words that will really be
 * passed, so `rm -rf ~{,}` meets the same floor as `rm -rf ~`.
 */

/** One character of a word, and whether it is unquoted (so that `{`, `,`, `}` and `~` have their meaning). */
export interface ShellChar {
  char: string;
  active: boolean;
}

/** More words than this from one word is treated as something that cannot be analysed. */
export const MAX_EXPANSIONS = 1024;

/** Thrown inside expansion when a word expands to more than {@link MAX_EXPANSIONS} words. */
class TooManyWords extends Error {}

function closingBrace(chars: ShellChar[], open: number): { close: number; commas: number[] } | undefined {
  let depth = 0;
  const commas: number[] = [];
  for (let index = open; index < chars.length; index++) {
    const { char, active } = chars[index]!;
    if (!active) continue;
    if (char === "{") depth++;
    else if (char === "}") {
      depth--;
      if (depth === 0) return { close: index, commas };
    } else if (char === "," && depth === 1) commas.push(index);
  }
  return undefined;
}

function text(chars: ShellChar[]): string {
  return chars.map((item) => item.char).join("");
}

function inert(value: string): ShellChar[] {
  return [...value].map((char) => ({ char, active: false }));
}

/** `{1..5}`, `{01..10..2}`, `{a..e}`: the words of a sequence expression, or undefined when it is not one. */
function sequence(body: ShellChar[]): string[] | undefined {
  if (body.some((item) => !item.active)) return undefined;
  const match = /^(-?\d+|[A-Za-z])\.\.(-?\d+|[A-Za-z])(?:\.\.(-?\d+))?$/.exec(text(body));
  if (!match) return undefined;
  const [, from, to, by] = match as unknown as [string, string, string, string | undefined];
  const step = Math.abs(Number(by ?? 1)) || 1;
  const numeric = /\d/.test(from) && /\d/.test(to);
  if (!numeric && (/\d/.test(from) || /\d/.test(to))) return undefined;
  const start = numeric ? Number(from) : from.charCodeAt(0);
  const end = numeric ? Number(to) : to.charCodeAt(0);
  const count = Math.floor(Math.abs(end - start) / step) + 1;
  if (count > MAX_EXPANSIONS) throw new TooManyWords();
  const width = numeric && /^-?0\d/.test(from) ? from.replace("-", "").length : 0;
  const words: string[] = [];
  for (let index = 0; index < count; index++) {
    const value = start + (end >= start ? 1 : -1) * index * step;
    words.push(
      numeric
        ? String(Math.abs(value))
            .padStart(width, "0")
            .replace(/^/, value < 0 ? "-" : "")
        : String.fromCharCode(value),
    );
  }
  return words;
}

function expandBraces(chars: ShellChar[], budget: { left: number }): ShellChar[][] {
  for (let open = 0; open < chars.length; open++) {
    const item = chars[open]!;
    // `${` is a parameter expansion, not a brace expansion.
    if (!item.active || item.char !== "{" || (open > 0 && chars[open - 1]!.char === "$")) continue;
    const found = closingBrace(chars, open);
    if (!found) continue;
    const body = chars.slice(open + 1, found.close);
    let alternatives: ShellChar[][];
    if (found.commas.length > 0) {
      const cuts = [open, ...found.commas, found.close];
      alternatives = cuts.slice(0, -1).map((cut, at) => chars.slice(cut + 1, cuts[at + 1]));
    } else {
      const words = sequence(body);
      if (!words) continue;
      alternatives = words.map(inert);
    }
    const before = chars.slice(0, open);
    const after = expandBraces(chars.slice(found.close + 1), budget);
    const out: ShellChar[][] = [];
    for (const alternative of alternatives) {
      for (const middle of expandBraces(alternative, budget)) {
        for (const tail of after) {
          if (--budget.left < 0) throw new TooManyWords();
          out.push([...before, ...middle, ...tail]);
        }
      }
    }
    return out;
  }
  return [chars];
}

/** What tilde expansion needs: `$HOME` and the current directory (`~+`), when known. */
export interface TildeContext {
  home: string | undefined;
  cwd: string | undefined;
}

/**
 * Expands a leading unquoted `~`, `~+` or `~/...`. `~user` is left as written (its home is not known without
 * asking the system); the checks treat a leading `~name` as a home directory. Returns undefined for `~-`,
 * whose value (`$OLDPWD`) is only known at run time.
 */
function expandTilde(chars: ShellChar[], context: TildeContext): string | undefined {
  const value = text(chars);
  if (!chars[0]?.active || chars[0].char !== "~") return value;
  const slash = chars.findIndex((item, index) => index > 0 && item.active && item.char === "/");
  const prefix = chars.slice(1, slash < 0 ? chars.length : slash);
  if (prefix.some((item) => !item.active)) return value;
  const user = text(prefix);
  const rest = slash < 0 ? "" : value.slice(slash);
  if (user === "") return context.home ? context.home + rest : value;
  if (user === "+") return context.cwd ? context.cwd + rest : undefined;
  if (user === "-") return undefined;
  return value;
}

/** The words one shell word becomes; `undefined` entries are words only known at run time. */
export type Expansion = { ok: true; words: (string | undefined)[] } | { ok: false; problem: string };

/** Brace expansion, then tilde expansion of every resulting word. */
export function expandWord(chars: ShellChar[], context: TildeContext): Expansion {
  try {
    const braced = expandBraces(chars, { left: MAX_EXPANSIONS });
    return { ok: true, words: braced.map((word) => expandTilde(word, context)) };
  } catch (error) {
    if (error instanceof TooManyWords)
      return { ok: false, problem: `a brace expansion makes more than ${MAX_EXPANSIONS} words` };
    throw error;
  }
}

/** True when `chars` holds something brace or tilde expansion would change. */
export function needsExpansion(chars: ShellChar[]): boolean {
  return (
    (chars[0]?.active === true && chars[0].char === "~") ||
    chars.some((item) => item.active && item.char === "{")
  );
}
