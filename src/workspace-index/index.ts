/**
 * The workspace index: a workspace's files chunked along their definitions (tree-sitter) and searchable by
 * meaning and by words, kept up to date incrementally. Used by `art index`, `art search` and the `search_code` tool.
 *
 * @example
 * ```ts
 * import { WorkspaceIndex } from "agent-runtime";
 * const index = await WorkspaceIndex.open(".", { artHome: "/home/me/.art" });
 * await index.update();
 * console.log(await index.search("where are retries handled", { k: 3 }));
 * index.close();
 * ```
 */
export { chunkFile, type FileChunk, LANGUAGES, languageOf, lineWindows } from "./chunking/index.js";
export { codeEmbedder, compactForEmbedding, EMBED_CHARS } from "./code-embedder.js";
export * from "./errors/index.js";
export { excludeMatcher } from "./exclude-matcher.js";
export { FILE_TABLE_VERSION } from "./file-table.js";
export { findIndexedRoot, indexDirectory } from "./location.js";
export { pathGlob } from "./path-glob.js";
export { blobId, MAX_FILE_BYTES } from "./read-source.js";
export {
  type CodeHit,
  type IndexStats,
  WorkspaceIndex,
  type WorkspaceIndexOptions,
} from "./workspace-index.js";
