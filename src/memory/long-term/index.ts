/** Long-term agent memory: facts with provenance, scoped to a workspace or the user, never secrets. */
export { InvalidMemoryError, MemoryNotFoundError, SecretInMemoryError } from "./errors.js";
export {
  LongTermMemory,
  type LongTermMemoryOptions,
  MAX_MEMORY_CHARS,
  MEMORY_RECORD_VERSION,
  type MemoryRecord,
  type MemoryScope,
  type RecalledMemory,
  type RememberInput,
} from "./long-term-memory.js";
export { memoryContextText } from "./memory-context.js";
export { type MemorySettings, memorySettingsFrom } from "./memory-settings.js";
export { embedderOf, type SessionMemory, sessionMemory } from "./session-memory.js";
