import { sleep } from "../../core/index.js";
import { GraphInterrupt } from "../errors/index.js";
import type { RetryPolicy } from "./graph-spec.js";

const PROGRAMMING_ERRORS = new Set([
  "TypeError",
  "SyntaxError",
  "ReferenceError",
  "RangeError",
  "EvalError",
  "URIError",
]);

/** LangGraph's default: retry anything but programming errors, aborts and graph control flow. */
export function defaultRetryOn(error: unknown): boolean {
  if (GraphInterrupt.isInstance(error)) return false;
  if (!(error instanceof Error)) return true;
  if (error.name === "AbortError" || error.name === "AbortedError") return false;
  return !PROGRAMMING_ERRORS.has(error.name);
}

/** Runs `attempt` under `policy` (no policy: once). */
export async function withRetry<T>(
  policy: RetryPolicy | undefined,
  signal: AbortSignal,
  attempt: () => Promise<T>,
): Promise<T> {
  if (!policy) return attempt();
  const maxAttempts = policy.maxAttempts ?? 3;
  let interval = policy.initialInterval ?? 500;
  for (let attemptNumber = 1; ; attemptNumber++) {
    try {
      return await attempt();
    } catch (error) {
      const retryOn = policy.retryOn ?? defaultRetryOn;
      if (
        attemptNumber >= maxAttempts ||
        GraphInterrupt.isInstance(error) ||
        !retryOn(error) ||
        signal.aborted
      )
        throw error;
      const wait = Math.min(interval, policy.maxInterval ?? 128_000);
      await sleep(policy.jitter === false ? wait : wait + Math.random() * 1000 * (wait > 0 ? 1 : 0), signal);
      interval *= policy.backoffFactor ?? 2;
    }
  }
}
