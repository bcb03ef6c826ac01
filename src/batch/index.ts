export { type BatchFile, type BatchTask, readBatchFile } from "./batch-file.js";
export {
  BATCH_RUN_SCHEMA_VERSION,
  type BatchRunRecord,
  createRunRecord,
  markRunFinished,
  readRunRecord,
  runDir,
  runsOfFile,
} from "./batch-run-record.js";
export * from "./errors/index.js";
export { progressLine } from "./progress-line.js";
export {
  type BatchOutcome,
  type BatchProgress,
  type BatchTaskResult,
  type BatchTaskStatus,
  type RunBatchOptions,
  runBatch,
} from "./run-batch.js";
export { summaryTable } from "./summary-table.js";
export { checkTaskDir, ensureWorktree, pruneWorktrees } from "./task-directory.js";
