/** Where one failure sits in a request's single retry budget. */
export interface AttemptInfo {
  /** The 1-based number of the attempt that failed. */
  number: number;
  /** Attempts the budget allows in all (retries + 1). */
  of: number;
  /** One short line per earlier failed attempt of the same request, oldest first. */
  earlier: readonly string[];
  /** This attempt's own short line, so earlier ones that failed the same way are not spelled out again. */
  current?: string;
}

/**
 * The attempt counter as messages show it, e.g. ` (attempt 2 of 2; attempt 1: HTTP 429)`, so a reader never takes
 * "after 2 attempts" to mean both failed the same way. Runs of identical earlier failures are folded
 * (`attempts 1-3: HTTP 503`), and when every attempt failed alike the note says so instead. Empty for a lone
 * first attempt unless `always`.
 */
export function attemptNote(info: AttemptInfo | undefined, always = false): string {
  if (info === undefined) return "";
  if (info.number === 1 && info.earlier.length === 0 && !always) return "";
  const counter = `attempt ${info.number} of ${info.of}`;
  if (info.earlier.length > 0 && info.earlier.every((line) => line === info.current)) {
    return ` (${counter}, every one failing the same way)`;
  }
  const runs: { from: number; to: number; line: string }[] = [];
  info.earlier.forEach((line, index) => {
    const last = runs.at(-1);
    if (last?.line === line) last.to = index + 1;
    else runs.push({ from: index + 1, to: index + 1, line });
  });
  const earlier = runs
    .map(
      (run) =>
        `; ${run.from === run.to ? `attempt ${run.from}` : `attempts ${run.from}-${run.to}`}: ${run.line}`,
    )
    .join("");
  return ` (${counter}${earlier})`;
}
