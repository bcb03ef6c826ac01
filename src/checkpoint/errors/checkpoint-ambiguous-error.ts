import { ArtError } from "../../core/index.js";

/** A shortened checkpoint id matches more than one checkpoint of the workspace. */
export class CheckpointAmbiguousError extends ArtError {
  /** The id as it was given. */
  readonly checkpointId: string;
  /** The full ids it matches. */
  readonly matches: string[];

  constructor(checkpointId: string, matches: string[]) {
    super(
      "checkpoint.ambiguous",
      `The checkpoint id "${checkpointId}" matches ${matches.length} checkpoints (${matches.map((id) => id.slice(0, 16)).join(", ")}).`,
      { hint: "Give more of the id." },
    );
    this.checkpointId = checkpointId;
    this.matches = matches;
  }
}
