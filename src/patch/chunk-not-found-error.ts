import { ArtError } from "../core/index.js";

const ADVICE =
  "Re-read the file, then send the patch again with context and removed lines copied exactly; nothing was changed.";

/** A chunk's anchor or lines could not be found in the file it edits. */
export class ChunkNotFoundError extends ArtError {
  /** The file, as the patch named it. */
  readonly path: string;
  /** 1-based index of the chunk within its file operation. */
  readonly chunk: number;

  constructor(path: string, chunk: number, details: string) {
    // The advice gets its own line: after quoted file lines, an appended hint would read as part of the last one.
    super(
      "patch.chunk_not_found",
      `Chunk ${chunk} of the update to "${path}" does not match the file. ${details}\n${ADVICE}`,
      {
        isRetryable: true,
      },
    );
    this.path = path;
    this.chunk = chunk;
  }
}
