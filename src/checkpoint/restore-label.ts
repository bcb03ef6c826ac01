import type { CheckpointInfo } from "./checkpoint-record.js";

// A `before-restore` checkpoint's label names the checkpoint the restore went to, so "is this turn undone?" can be
// answered from the shadow repository alone. The label is part of the stored commit message: keep the wording.
const PREFIX = "before restoring ";

/** The label {@link Checkpointer.restore} gives the `before-restore` checkpoint of a restore to `checkpointId`. */
export function beforeRestoreLabel(checkpointId: string): string {
  return `${PREFIX}${checkpointId}`;
}

/** The checkpoint a `before-restore` checkpoint's restore went to; undefined for other checkpoints. */
export function restoredCheckpointOf(info: CheckpointInfo): string | undefined {
  if (info.phase !== "before-restore" || !info.label?.startsWith(PREFIX)) return undefined;
  return info.label.slice(PREFIX.length);
}
