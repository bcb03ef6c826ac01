import { PoolInputError } from "./errors.js";
import type { SubmitOptions } from "./task.js";

/** The absolute deadline a submit asks for: the earlier of `deadline` and submit time + `timeoutMs`. */
export function deadlineOf(options: SubmitOptions): number | undefined {
  const candidates: number[] = [];
  if (options.deadline !== undefined) {
    const at = options.deadline instanceof Date ? options.deadline.getTime() : options.deadline;
    if (!Number.isFinite(at))
      throw new PoolInputError("The deadline is not a valid time.", "Pass a Date or epoch milliseconds.");
    candidates.push(at);
  }
  if (options.timeoutMs !== undefined) {
    if (!(Number.isFinite(options.timeoutMs) && options.timeoutMs > 0))
      throw new PoolInputError(
        `timeoutMs must be a positive number of milliseconds, got ${String(options.timeoutMs)}.`,
      );
    candidates.push(Date.now() + options.timeoutMs);
  }
  return candidates.length > 0 ? Math.min(...candidates) : undefined;
}
