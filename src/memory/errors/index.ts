export {
  ChunkNotFoundError,
  EmbedderMismatchError,
  EmbedderOutputError,
  MemoryFormatError,
  MemoryInputError,
} from "./memory-errors.js";
