import type { Embedder } from "../memory/index.js";

/** Characters of each text the embedder sees; see {@link codeEmbedder}. */
export const EMBED_CHARS = 100;

/**
 * Code as the embedder sees it: words only (camelCase split, punctuation dropped), the first {@link EMBED_CHARS}
 * characters — the path, the symbol and the signature. The offline model's cost grows with tokens and code is
 * mostly punctuation tokens: whole chunks made a 1,000-chunk index take minutes. The full text stays in the
 * lexical (BM25) index, so nothing becomes unfindable by its words.
 */
export function compactForEmbedding(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .slice(0, EMBED_CHARS);
}

/** The index's embedder: compacts texts (see {@link compactForEmbedding}) and adds up the time spent embedding. */
export function codeEmbedder(inner: Embedder): Embedder & { elapsedMs(): number } {
  let total = 0;
  return {
    // The compaction is part of what the vectors mean: a store built without it is re-embedded.
    id: `${inner.id}+code-words${EMBED_CHARS}`,
    dimensions: inner.dimensions,
    async embed(texts, options) {
      const started = performance.now();
      try {
        return await inner.embed(texts.map(compactForEmbedding), options);
      } finally {
        total += performance.now() - started;
      }
    },
    elapsedMs: () => total,
  };
}
