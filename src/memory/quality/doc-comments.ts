/**
 * A doc comment: `/**` first on its line (so `"src/**\/*.ts"` inside a string is not one) through the next `*\/`,
 * with the rest of its last line if that is only whitespace.
 */
const DOC_COMMENT = /^[ \t]*\/\*\*(?!\/)[\s\S]*?\*\/[ \t]*(?:\r?\n|$)/gm;
const LEADING_DOC = /^\s*\/\*\*(?!\/)([\s\S]*?)\*\//;

/**
 * Removes every doc comment (`/** … *\/` starting a line) from source text, leaving the code and its `//` and
 * plain `/* *\/` comments. The quality benchmark indexes code this way, so a query taken from a doc comment cannot
 * be answered by finding its own words.
 *
 * @example
 * ```ts
 * stripDocComments("/** Adds. *\/\nfunction add() {}"); // "function add() {}"
 * ```
 */
export function stripDocComments(text: string): string {
  return text.replace(DOC_COMMENT, "");
}

/**
 * The first sentence of the doc comment a chunk starts with, as plain text (`{@link X}` → `X`, Markdown code ticks
 * and the comment's `*` margins dropped, whitespace collapsed), or undefined when the chunk has no leading doc
 * comment or its description (the text before the first `@tag`) is empty.
 *
 * @example
 * ```ts
 * docQuery("/**\n * Parses a header. Slow.\n * @param s the text\n *\/\nfunction parse(s) {}"); // "Parses a header."
 * ```
 */
export function docQuery(chunkText: string): string | undefined {
  const body = LEADING_DOC.exec(chunkText)?.[1];
  if (body === undefined) return undefined;
  const description = body
    .split("\n")
    .map((line) => line.replace(/^\s*\*?\s?/, ""))
    .join("\n")
    .split(/^\s*@/m)[0] as string;
  const plain = description
    .replace(/\{@(?:link|linkcode|linkplain)\s+([^}|\s]+)[^}]*\}/g, "$1")
    .replace(/`/g, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!plain) return undefined;
  // A sentence ends at . ! or ? before a space and a capital or the end (so "e.g. the" and "v1.2" do not end it).
  const end = /[.!?](?=\s+[A-Z(]|\s*$)/.exec(plain);
  return end ? plain.slice(0, end.index + 1) : plain;
}
