/** Embedders beyond the offline default: the AI SDK's embedding models, batched and cached by content hash. */
export { aiSdkEmbedder, EMBED_BATCH } from "./ai-sdk-embedder.js";
export { cachedEmbedder, EMBEDDING_CACHE_ENTRIES } from "./content-cache.js";
export { type EmbedderSpecOptions, embedderFromSpec } from "./embedder-spec.js";
export { EmbedderConfigError, EmbeddingRequestError } from "./errors.js";
