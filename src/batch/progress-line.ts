import type { BatchProgress } from "./run-batch.js";

/** `1234` → `1.2k`, for the progress line. */
export function shortCount(value: number): string {
  if (value < 1000) return String(value);
  if (value < 1_000_000) return `${(value / 1000).toFixed(1)}k`;
  return `${(value / 1_000_000).toFixed(1)}M`;
}

/** `83_000` → `1m23s`. */
export function shortDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

/**
 * One line of progress: a bar, done of total, running, failed, tokens and an ETA from the rate of tasks this
 * process finished (no ETA until one has).
 */
export function progressLine(progress: BatchProgress, width = 20): string {
  const filled = progress.total ? Math.round((progress.done / progress.total) * width) : width;
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
  const left = progress.total - progress.done;
  const eta =
    left === 0
      ? "done"
      : progress.finishedHere > 0
        ? `ETA ${shortDuration((progress.elapsedMs / progress.finishedHere) * left)}`
        : "ETA —";
  return `${bar} ${progress.done}/${progress.total} done · ${progress.running} running · ${progress.failed} failed · ${shortCount(progress.tokens)} tokens · ${eta}`;
}
