import type { EmbeddingModelV3 } from "@ai-sdk/provider";
import type { Embedder } from "../embedder.js";
import { EmbeddingRequestError } from "./errors.js";

/** Texts per embeddings request; the providers accept more (OpenAI 2048) but smaller batches fail smaller. */
export const EMBED_BATCH = 128;

/**
 * An {@link Embedder} over an AI SDK embedding model: batched ({@link EMBED_BATCH} texts per request, one request
 * at a time so a provider's rate limit is not multiplied), retried by the AI SDK on 429/5xx.
 */
export function aiSdkEmbedder(id: string, dimensions: number, model: EmbeddingModelV3): Embedder {
  return {
    id,
    dimensions,
    async embed(texts, options) {
      if (texts.length === 0) return [];
      const { embedMany } = await import("ai");
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += EMBED_BATCH) {
        try {
          const { embeddings } = await embedMany({
            model,
            values: texts.slice(i, i + EMBED_BATCH),
            maxParallelCalls: 1,
            maxRetries: 2,
            ...(options?.signal ? { abortSignal: options.signal } : {}),
          });
          for (const embedding of embeddings) out.push(Float32Array.from(embedding));
        } catch (error) {
          if (options?.signal?.aborted) throw error;
          throw new EmbeddingRequestError(id, error);
        }
      }
      return out;
    },
  };
}
