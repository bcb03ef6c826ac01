import type { Checkpointer, CheckpointInfo } from "../checkpoint/index.js";
import { InvalidInputError } from "../core/index.js";
import { SessionNotFoundError } from "../orchestrator/index.js";
import { Runtime } from "../runtime/index.js";
import type { CliIO } from "./command.js";
import { newestSession } from "./newest-session.js";
import { turnNumber } from "./turn-number.js";
import { UsageError } from "./usage-error.js";

/** A session's workspace checkpointer and its checkpoints, oldest first. */
export interface SessionCheckpoints {
  runtime: Runtime;
  sessionId: string;
  cwd: string;
  checkpointer: Checkpointer;
  checkpoints: CheckpointInfo[];
}

/** How a command names its session: an id, or `--last` (of the current workspace, or of any with `anyWorkspace`). */
export interface SessionChoice {
  sessionArg: string | undefined;
  last: boolean;
  anyWorkspace?: boolean;
  /** Pass over sessions that have not run a turn (a fresh fork has nothing to undo). */
  withTurns?: boolean;
}

/** Opens the journal, finds the session (or the newest of this workspace) and its workspace's checkpoints. */
export async function openSessionCheckpoints(
  io: CliIO,
  choice: SessionChoice,
  command: string,
): Promise<SessionCheckpoints> {
  const runtime = await Runtime.open({ env: io.env });
  const { artHome } = runtime;
  try {
    const sessionId = choice.last
      ? (
          await newestSession(runtime, io.cwd, {
            ...(choice.anyWorkspace ? { anyWorkspace: true } : {}),
            ...(choice.withTurns ? { withTurns: true } : {}),
          })
        ).id
      : choice.sessionArg;
    if (!sessionId) throw new UsageError('Name the session (see "art sessions"), or pass --last.', command);
    const summary = await runtime.session(sessionId);
    if (!summary) throw new SessionNotFoundError(`with id "${sessionId}"`);
    const { Checkpointer } = await import("../checkpoint/index.js");
    const checkpointer = await Checkpointer.open({ workspace: summary.cwd, artHome });
    const checkpoints = (await checkpointer.list(sessionId)).sort(
      (a, b) => a.turn - b.turn || a.createdAt.localeCompare(b.createdAt),
    );
    return { runtime, sessionId, cwd: summary.cwd, checkpointer, checkpoints };
  } catch (error) {
    await runtime.close();
    throw error;
  }
}

/** The checkpoint taken when turn `turn` started (the first one, if the turn was resumed). */
export function turnStart(checkpoints: CheckpointInfo[], turn: number): CheckpointInfo | undefined {
  return checkpoints.find((item) => item.turn === turn && item.phase === "turn-start");
}

/** {@link turnStart}, or an error saying the session has no such checkpoint and how to see the ones it has. */
export function requireTurnStart(opened: SessionCheckpoints, turn: number): CheckpointInfo {
  const found = turnStart(opened.checkpoints, turn);
  if (found) return found;
  throw new InvalidInputError(
    `Session ${opened.sessionId} has no checkpoint at the start of turn ${turnNumber(turn)}.`,
    {
      hint: `Run "art checkpoints ${opened.sessionId}" to see the turns it has checkpoints for.`,
    },
  );
}

/** The last checkpoint taken when turn `turn` ended. */
export function turnEnd(checkpoints: CheckpointInfo[], turn: number): CheckpointInfo | undefined {
  return checkpoints.filter((item) => item.turn === turn && item.phase === "turn-end").at(-1);
}
