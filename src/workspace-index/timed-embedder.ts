import type { Embedder } from "../memory/index.js";

/** An embedder that adds up the time spent in it, so index statistics can report embedding apart. */
export function timedEmbedder(inner: Embedder): Embedder & { elapsedMs(): number } {
  let total = 0;
  return {
    id: inner.id,
    dimensions: inner.dimensions,
    async embed(texts, options) {
      const started = performance.now();
      try {
        return await inner.embed(texts, options);
      } finally {
        total += performance.now() - started;
      }
    },
    elapsedMs: () => total,
  };
}
