export type { Checkpoint, CheckpointMetadata, CheckpointTuple, PendingWrite } from "./checkpoint.js";
export { MemorySaver } from "./memory-saver.js";
export type { CheckpointAddress, CheckpointSaver, StoredCheckpoint } from "./saver.js";
export { SqliteSaver, type SqliteSaverOptions } from "./sqlite-saver.js";
