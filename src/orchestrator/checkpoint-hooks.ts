import type { Checkpointer } from "../checkpoint/index.js";
import type { LiveSession } from "./live-session.js";
import type { TurnHooks } from "./run-turn.js";

/**
 * Snapshots the whole workspace at the start and end of every turn (into the shadow repository under
 * `$ART_HOME/checkpoints/`) and journals each as `checkpoint.created`. A turn resumed after a crash keeps its
 * original start checkpoint. A failed snapshot (opening the shadow repository included) is journaled as an error;
 * it never fails the turn.
 *
 * Nothing is opened here: the shadow repository is opened by the first snapshot, which the turn runs concurrently
 * with its first model request (see `runTurn`), so session start does not wait for git.
 */
export async function checkpointHooks(
  session: LiveSession,
  artHome: string,
): Promise<{ hooks: TurnHooks; dispose(): Promise<void> }> {
  let opening: Promise<Checkpointer> | undefined;
  const open = () => {
    opening ??= import("../checkpoint/index.js").then(({ Checkpointer }) =>
      Checkpointer.open({ workspace: session.state.cwd, artHome }),
    );
    return opening;
  };
  const snapshot = async (turnId: string, phase: "turn-start" | "turn-end") => {
    const turn = session.state.turns.find((item) => item.turnId === turnId);
    if (!turn) return;
    const checkpointer = await open();
    const result = await checkpointer.snapshot({ sessionId: session.id, turn: turn.turn, phase });
    session.append({
      type: "checkpoint.created",
      turnId,
      checkpointId: result.checkpointId,
      phase,
      skipped: result.skipped.map((item) => ({ path: item.path, reason: item.reason })),
    });
  };
  return {
    hooks: {
      async turnStarted(_session, turnId) {
        const taken = session.state.checkpoints.some(
          (item) => item.turnId === turnId && item.phase === "turn-start",
        );
        if (!taken) await snapshot(turnId, "turn-start");
      },
      async turnEnded(_session, turnId) {
        await snapshot(turnId, "turn-end");
      },
    },
    async dispose() {
      if (opening === undefined) return;
      // Retention and git maintenance, bounded and at most about once a day per workspace.
      await opening.then((checkpointer) => checkpointer.maintain()).catch(() => {});
    },
  };
}
