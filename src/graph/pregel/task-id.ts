import { createHash, randomBytes } from "node:crypto";

/**
 * A task's id: the checkpoint its superstep starts from plus its place in that superstep, so a resumed run finds the
 * writes and answers of the same task again.
 */
export function taskId(checkpointId: string, path: string): string {
  return `${checkpointId}/${path}`;
}

/** A stable id for the `index`-th `interrupt()` of a task. */
export function interruptId(task: string, index: number): string {
  return createHash("sha256").update(`${task}#${index}`).digest("hex").slice(0, 32);
}

const processSalt = randomBytes(4).toString("hex");
let lastMillis = 0;
let sequence = 0;

/**
 * A checkpoint id that sorts in creation order: milliseconds, a sequence within the millisecond, and a per-process
 * salt so two processes never mint the same id.
 */
export function newCheckpointId(): string {
  const now = Date.now();
  if (now > lastMillis) {
    lastMillis = now;
    sequence = 0;
  } else sequence++;
  return `${lastMillis.toString(16).padStart(12, "0")}-${sequence.toString(16).padStart(6, "0")}-${processSalt}`;
}
