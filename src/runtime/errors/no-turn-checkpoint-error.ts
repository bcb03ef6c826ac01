import { ArtError } from "../../core/index.js";

/** A rewind named a turn the session has no turn-start checkpoint for. */
export class NoTurnCheckpointError extends ArtError {
  constructor(
    readonly sessionId: string,
    /** The 0-based turn asked for. */
    readonly turn: number,
  ) {
    super(
      "runtime.no_turn_checkpoint",
      `Session ${sessionId} has no checkpoint at the start of its turn with index ${turn} (0-based).`,
      {
        hint: `List the checkpoints it has ("art checkpoints ${sessionId}"); a turn run without checkpoints cannot be rewound to.`,
      },
    );
  }
}
