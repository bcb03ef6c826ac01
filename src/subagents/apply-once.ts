import { ArtError, throwIfAborted } from "../core/index.js";
import { commitPlan, parsePatch, planPatch } from "../patch/index.js";
import { type FilePolicy, withFileLocks } from "../workspace/index.js";
import {
  BACK_RECORD_VERSION,
  type BackRecord,
  hashOf,
  type RecordedWrite,
  readBackRecord,
  removeBackRecord,
  sha256,
  writeBackRecord,
} from "./back-record.js";
import type { BroughtBack, WorktreeChanges } from "./bring-back.js";
import { BringBackConflictError, WorktreeConflictError } from "./errors/index.js";
import { testCrashPoint } from "./test-crash-point.js";

/** Where the parent's journal keeps what a call brought back: read after a crash, written once. */
export interface BackJournal {
  /** What this call's bring-back journaled already (the `patch.applied` of the call), if anything. */
  recorded(): Promise<BroughtBack | undefined>;
  /** Journals what was brought back, durably, before the record that guards the apply is removed. */
  record(back: BroughtBack): Promise<void>;
}

/** Everything {@link applyOnce} needs. */
export interface ApplyOnceOptions {
  agent: string;
  /** The durable record of an apply in progress (`backRecordPath`). */
  recordFile: string;
  parentCwd: string;
  files?: FilePolicy;
  signal?: AbortSignal;
  journal: BackJournal;
  /** The child's changes; called only when they were not brought back already. */
  changes: () => Promise<WorktreeChanges>;
}

/**
 * Applies an isolated child's changes to the parent's workspace exactly once, whatever point a crash cuts it at.
 * Before any file is written a record names every write with its before and after hashes; then the files are
 * written; then the parent's journal gets the `patch.applied`; then the record goes. After a crash:
 * - a record: each file is checked. Holding its after-state it is done; its before-state, it is written now (a
 *   crash mid-apply across several files finishes the rest); anything else is {@link BringBackConflictError}
 *   naming the files, and nothing more is written.
 * - no record, but the journal has the call's `patch.applied`: it was applied; that result is returned.
 * - neither: nothing was written yet; it is applied as new.
 *
 * ```ts
 * const back = await applyOnce({ agent: "w1", recordFile, parentCwd, journal, changes: () => worktreeChanges(tree) });
 * ```
 */
export async function applyOnce(options: ApplyOnceOptions): Promise<BroughtBack> {
  const pending = await readBackRecord(options.recordFile);
  if (pending) return finishRecorded(options, pending);
  const done = await options.journal.recorded();
  if (done) return done;
  const changes = await options.changes();
  if (!changes.patch) return { files: [], skipped: changes.skipped };
  const patch = changes.patch;
  const touched = parsePatch(patch).operations.map((operation) => operation.path);
  // Held from the plan to the last write: a sibling's bring-back or write_file to the same file waits.
  return withFileLocks(options.parentCwd, touched, async () => {
    const common = {
      cwd: options.parentCwd,
      ...(options.files ? { files: options.files } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    let plan: Awaited<ReturnType<typeof planPatch>>;
    try {
      plan = await planPatch(patch, common);
    } catch (error) {
      throw conflictOf(options.agent, patch, error);
    }
    const writes: RecordedWrite[] = [];
    for (const write of plan.writes)
      writes.push({
        ...write,
        before: await hashOf(write.path),
        after: write.content === null ? null : sha256(write.content),
      });
    throwIfAborted(options.signal);
    const record: BackRecord = {
      version: BACK_RECORD_VERSION,
      state: "applying",
      agent: options.agent,
      patchSha: sha256(patch),
      patch,
      files: plan.files,
      skipped: changes.skipped,
      writes,
    };
    await writeBackRecord(options.recordFile, record);
    testCrashPoint("bring-back.recorded");
    await commitRecorded(options, record, plan.writes);
    testCrashPoint("bring-back.committed");
    return finish(options, record, false);
  });
}

/** A record survived a crash: finish what it names, file by file, without writing any file twice. */
async function finishRecorded(options: ApplyOnceOptions, record: BackRecord): Promise<BroughtBack> {
  return withFileLocks(
    options.parentCwd,
    record.writes.map((write) => write.path),
    async () => {
      const todo: RecordedWrite[] = [];
      const changed: string[] = [];
      for (const write of record.writes) {
        const now = await hashOf(write.path);
        if (now === write.after) continue;
        if (now === write.before) todo.push(write);
        else changed.push(write.relative);
      }
      if (changed.length > 0) {
        await removeBackRecord(options.recordFile);
        throw new BringBackConflictError(record.agent, changed, record.patch);
      }
      if (todo.length > 0) await commitRecorded(options, record, todo);
      return finish(options, record, true);
    },
  );
}

async function commitRecorded(
  options: ApplyOnceOptions,
  record: BackRecord,
  writes: readonly Omit<RecordedWrite, "before" | "after">[],
): Promise<void> {
  const plan = {
    cwd: options.parentCwd,
    files: record.files,
    writes: writes.map(({ path, relative, content, mode }) => ({
      path,
      relative,
      content,
      ...(mode !== undefined ? { mode } : {}),
    })),
  };
  try {
    await commitPlan(plan, options.files);
  } catch (error) {
    // Rolled back cleanly: nothing of the patch is in the workspace, so the record must not claim otherwise.
    // Not rolled back: the record stays, and the next attempt sorts the files out one by one.
    const rolledBack = !(
      ArtError.isInstance(error) &&
      error.code === "patch.write_failed" &&
      !error.isRetryable
    );
    if (rolledBack) await removeBackRecord(options.recordFile);
    throw conflictOf(record.agent, record.patch, error);
  }
}

/** The files are in place: journal them (once) and drop the record. */
async function finish(options: ApplyOnceOptions, record: BackRecord, resumed: boolean): Promise<BroughtBack> {
  const back: BroughtBack = { files: record.files, skipped: record.skipped };
  // After a crash the journal may have it already (the crash came after the flush, before the record went).
  if (!resumed || !(await options.journal.recorded())) await options.journal.record(back);
  testCrashPoint("bring-back.journaled");
  await removeBackRecord(options.recordFile);
  testCrashPoint("bring-back.cleared");
  return back;
}

function conflictOf(agent: string, patch: string, error: unknown): unknown {
  if (ArtError.isInstance(error) && error.code.startsWith("patch."))
    return new WorktreeConflictError(agent, patch, error.message.split("\n")[0] ?? error.message);
  return error;
}
