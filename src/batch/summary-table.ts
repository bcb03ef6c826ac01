import { shortCount, shortDuration } from "./progress-line.js";
import type { BatchTaskResult } from "./run-batch.js";

/** The end-of-batch table: one row per task, in file order, then the totals. */
export function summaryTable(results: BatchTaskResult[], total: number): string {
  const rows = [
    ["id", "status", "duration", "tokens", "files changed", "session"],
    ...results.map((result) => [
      result.id,
      result.status,
      shortDuration(result.durationMs),
      shortCount(result.tokens),
      String(result.filesChanged.length),
      result.sessionId,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join("  ")
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((width) => "-".repeat(width)).join("  "));
  const completed = results.filter((result) => result.status === "completed").length;
  const tokens = results.reduce((sum, result) => sum + result.tokens, 0);
  lines.push(
    "",
    `${completed} of ${total} completed, ${results.length - completed} not, ${total - results.length} not run · ${shortCount(tokens)} tokens`,
  );
  return `${lines.join("\n")}\n`;
}
