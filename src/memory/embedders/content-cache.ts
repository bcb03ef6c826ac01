import { createHash } from "node:crypto";
import type { Embedder } from "../embedder.js";
import { EmbedderOutputError } from "../errors/index.js";

/** Entries a {@link cachedEmbedder} keeps, least recently used dropped first. */
export const EMBEDDING_CACHE_ENTRIES = 10_000;

/**
 * Wraps an embedder with a cache keyed by the SHA-256 of each text: a text embedded once (a query asked again, a
 * chunk re-indexed unchanged) costs no second request. Only the misses of a batch are sent, in one call.
 *
 * @example
 * ```ts
 * const embedder = cachedEmbedder(await embedderFromSpec("openai:text-embedding-3-small", { env }));
 * ```
 */
export function cachedEmbedder(
  inner: Embedder,
  capacity = EMBEDDING_CACHE_ENTRIES,
): Embedder & { hits: number } {
  const cache = new Map<string, Float32Array>();
  const keyOf = (text: string) => createHash("sha256").update(text).digest("base64");
  const wrapped = {
    id: inner.id,
    dimensions: inner.dimensions,
    hits: 0,
    async embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]> {
      const keys = texts.map(keyOf);
      const missing = [...new Set(keys.filter((key) => !cache.has(key)))];
      const missed = new Set(missing);
      wrapped.hits += keys.filter((key) => !missed.has(key)).length;
      if (missing.length > 0) {
        const firstText = new Map(keys.map((key, i) => [key, texts[i] as string]));
        const vectors = await inner.embed(
          missing.map((key) => firstText.get(key) as string),
          options,
        );
        if (vectors.length !== missing.length)
          throw new EmbedderOutputError(
            `Embedder "${inner.id}" returned ${vectors.length} vectors for ${missing.length} texts.`,
          );
        for (const [i, key] of missing.entries()) cache.set(key, vectors[i] as Float32Array);
        while (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      }
      return keys.map((key) => {
        const vector = cache.get(key) as Float32Array;
        // Refresh recency: Map iteration order is insertion order.
        cache.delete(key);
        cache.set(key, vector);
        return vector;
      });
    },
  };
  return wrapped;
}
