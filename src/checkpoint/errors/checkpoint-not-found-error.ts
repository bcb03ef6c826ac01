import { ArtError } from "../../core/index.js";

/** A checkpoint id does not name a checkpoint in this workspace's shadow repository. */
export class CheckpointNotFoundError extends ArtError {
  /** The id as it was given. */
  readonly checkpointId: string;

  constructor(checkpointId: string) {
    super("checkpoint.not_found", `No checkpoint "${checkpointId}" exists for this workspace.`, {
      hint: "List the checkpoints (Checkpointer.list) and use one of their ids.",
    });
    this.checkpointId = checkpointId;
  }
}
