import { ArtError } from "../../core/index.js";

/** An embedder spec that names no known embedder, or lacks what it needs (a key, a base URL). */
export class EmbedderConfigError extends ArtError {
  constructor(message: string, hint: string) {
    super("memory.embedder_config", message, { hint });
  }
}

/** The embeddings endpoint failed (after the AI SDK's retries). */
export class EmbeddingRequestError extends ArtError {
  constructor(embedderId: string, cause: unknown) {
    super(
      "memory.embedding_failed",
      `Embedder "${embedderId}" failed: ${cause instanceof Error ? cause.message : String(cause)}.`,
      {
        hint: "Check the embeddings server is up and the key and base URL are right.",
        cause,
        isRetryable: true,
      },
    );
  }
}
