export type { FileChunk } from "./chunk.js";
export { chunkFile } from "./chunk-file.js";
export { chunkCode } from "./code-chunker.js";
export { LANGUAGES, type LanguageSpec, languageOf } from "./languages.js";
export { lineWindows, WINDOW_LINES, WINDOW_OVERLAP } from "./line-chunker.js";
