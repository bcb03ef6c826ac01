import type { FileChunk } from "./chunk.js";
import { chunkCode } from "./code-chunker.js";
import { languageOf } from "./languages.js";
import { lineWindows } from "./line-chunker.js";

/**
 * Chunks one file's text: along definitions for the languages with a grammar, by line windows otherwise (and when
 * a grammar cannot be loaded, so a broken install degrades search instead of failing the index).
 *
 * @example
 * ```ts
 * const chunks = await chunkFile("src/app.py", "def main():\n    pass\n");
 * ```
 */
export async function chunkFile(path: string, text: string): Promise<FileChunk[]> {
  const spec = languageOf(path);
  if (spec) {
    try {
      return await chunkCode(text, spec);
    } catch (error) {
      if ((error as { code?: unknown }).code !== "index.grammar_unavailable") throw error;
    }
  }
  return lineWindows(text.split("\n"));
}
