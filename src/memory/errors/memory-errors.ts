import { ArtError } from "../../core/index.js";

/** The store was indexed with a different embedder than the one it was opened with; vectors cannot be mixed. */
export class EmbedderMismatchError extends ArtError {
  constructor(dir: string, stored: string, given: string) {
    super(
      "memory.embedder_mismatch",
      `Memory store ${dir} was indexed with embedder "${stored}", not "${given}".`,
      {
        hint: "Re-index it: open it with { reindex: true } (re-embeds every chunk), or use the original embedder.",
      },
    );
  }
}

/** The on-disk format is newer than this build understands, or the file is not a memory store. */
export class MemoryFormatError extends ArtError {
  constructor(message: string, hint: string) {
    super("memory.format", message, { hint });
  }
}

/** A chunk id, filter or query given to the store is not valid. */
export class MemoryInputError extends ArtError {
  constructor(message: string, hint: string) {
    super("memory.input_invalid", message, { hint });
  }
}

/** No chunk has the given id. */
export class ChunkNotFoundError extends ArtError {
  constructor(id: string) {
    super("memory.chunk_not_found", `No memory chunk has id "${id}".`, {
      hint: "List chunks with store.list() to see the ids.",
    });
  }
}

/** The embedder returned vectors of the wrong count or size. */
export class EmbedderOutputError extends ArtError {
  constructor(message: string) {
    super("memory.embedder_output", message, {
      hint: "Check the embedder's dimensions setting matches the model it calls.",
    });
  }
}
