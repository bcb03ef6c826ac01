import type { FileChange, SkippedPath } from "../checkpoint/index.js";
import { SessionNotFoundError } from "../orchestrator/index.js";
import { NoTurnCheckpointError } from "./errors/index.js";
import type { Runtime } from "./runtime.js";

/** What {@link Runtime.rewind} did. */
export interface RewindResult {
  /** The new session: the conversation up to the start of the turn, ready to resume with a follow-up. */
  sessionId: string;
  /** The session rewound. */
  forkedFrom: string;
  /** The turn (0-based) whose start the files and the conversation went back to. */
  turn: number;
  /** The workspace whose files were restored. */
  cwd: string;
  /** The checkpoint the files now match (apart from `kept`). */
  restoredTo: string;
  /** The snapshot of the files just before: restore it to undo the rewind's file changes. */
  undoCheckpoint: string;
  /** Paths written or removed. */
  files: FileChange[];
  /** Paths left alone because something the checkpoints do not capture is in the way. */
  kept: SkippedPath[];
}

/**
 * Restores the files of a session's workspace to its turn-start checkpoint of `turn`, then forks the conversation
 * at that turn. In this order on purpose: a crash between the two leaves the files restored and no fork (running
 * the rewind again restores the same files and forks), never a fork that looks ready over files it does not match.
 */
export async function rewindSession(
  runtime: Runtime,
  sessionId: string,
  turn: number,
): Promise<RewindResult> {
  const summary = await runtime.session(sessionId);
  if (!summary) throw new SessionNotFoundError(`with id "${sessionId}"`);
  const { Checkpointer } = await import("../checkpoint/index.js");
  const checkpointer = await Checkpointer.open({ workspace: summary.cwd, artHome: runtime.artHome });
  const target = (await checkpointer.list(sessionId))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .find((item) => item.turn === turn && item.phase === "turn-start");
  if (!target) throw new NoTurnCheckpointError(sessionId, turn);
  const restored = await checkpointer.restore(target.checkpointId, { sessionId });
  const forkId = await runtime.fork(sessionId, { atTurn: turn });
  return {
    sessionId: forkId,
    forkedFrom: sessionId,
    turn,
    cwd: summary.cwd,
    restoredTo: restored.restoredTo,
    undoCheckpoint: restored.beforeRestore.checkpointId,
    files: restored.files,
    kept: restored.kept,
  };
}
