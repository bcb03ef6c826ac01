export type { SkippedPath } from "./capture.js";
export type { CheckpointInfo, CheckpointPhase } from "./checkpoint-record.js";
export {
  type CheckpointDiff,
  Checkpointer,
  type CheckpointerOptions,
  type DiffOptions,
  type RestoreOptions,
  type RestoreResult,
  type SnapshotOptions,
  type SnapshotResult,
} from "./checkpointer.js";
export type { FileChange, FileChangeStatus } from "./diff.js";
export * from "./errors/index.js";
export { DEFAULT_EXCLUDES } from "./excludes.js";
export { filesChangedBy } from "./files-changed.js";
export { findCheckpoint } from "./find-checkpoint.js";
export { beforeRestoreLabel, restoredCheckpointOf } from "./restore-label.js";
export type { PruneResult } from "./retention.js";
export { workspaceId } from "./workspace-id.js";
