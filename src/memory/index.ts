/**
 * Long-term memory: a chunk store with hybrid (BM25 + vector) retrieval.
 *
 * @example
 * ```ts
 * import { Memory } from "agent-runtime";
 * const store = await Memory.vectorStore(".art/memory", { embedder });
 * ```
 */
import { openVectorStore } from "./vector-store.js";

export { defaultEmbedder } from "./default-embedder.js";
export type { Embedder } from "./embedder.js";
export * from "./errors/index.js";
export * from "./quality/index.js";
export { fuseRanks, RRF_K } from "./rrf.js";
export { MEMORY_FORMAT_VERSION } from "./schema.js";
export type { MetadataFilter, MetadataValue } from "./sql-parts.js";
export {
  type Chunk,
  type ChunkInput,
  openVectorStore,
  type SearchHit,
  type SearchOptions,
  VectorStore,
  type VectorStoreOptions,
} from "./vector-store.js";

/** Entry points of the memory subsystem. */
export const Memory = {
  /** Opens or creates a memory store in a directory; see {@link openVectorStore}. */
  vectorStore: openVectorStore,
} as const;
export * from "./embedders/index.js";
export * from "./long-term/index.js";
