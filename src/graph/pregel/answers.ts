import type { PendingWrite } from "../checkpoint/index.js";

/**
 * Which interrupted tasks a resume answer is for: one value answers every interrupted task; a map keyed by
 * interrupt ids answers each task whose interrupt it names.
 */
export function answersFor(pending: PendingWrite[], resume: unknown): Map<string, unknown> {
  const answers = new Map<string, unknown>();
  const interrupted = pending.filter((write) => write.kind === "interrupt");
  const ids = new Set(interrupted.flatMap((write) => write.interrupts.map((item) => item.id)));
  const keys =
    typeof resume === "object" && resume !== null && !Array.isArray(resume) ? Object.keys(resume) : [];
  const isMap = keys.length > 0 && keys.every((key) => ids.has(key));
  for (const write of interrupted) {
    if (!isMap) answers.set(write.taskId, resume);
    else {
      const id = write.interrupts.find((item) => item.id in (resume as Record<string, unknown>))?.id;
      if (id !== undefined) answers.set(write.taskId, (resume as Record<string, unknown>)[id]);
    }
  }
  return answers;
}
