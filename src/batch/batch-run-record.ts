import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { BatchRunError } from "./errors/index.js";

/** Version of `run.json`; a newer one is refused, older ones are read as they are. */
export const BATCH_RUN_SCHEMA_VERSION = 1;

const BatchRunRecordSchema = z.object({
  version: z.number().int(),
  runId: z.string(),
  file: z.string(),
  sha256: z.string(),
  createdAt: z.number(),
  queue: z.string(),
  concurrency: z.number().int().positive(),
  /** The session flags the run started with; `--resume` runs with exactly these. */
  flags: z.record(z.string(), z.union([z.string(), z.boolean(), z.array(z.string())])),
  /** Set when every task has finished; a run without it can be resumed. */
  finishedAt: z.number().optional(),
});

/** What a batch run remembers about itself, so `--resume` goes on with the same tasks and directories. */
export type BatchRunRecord = z.infer<typeof BatchRunRecordSchema>;

/** Where batch runs live: `<artHome>/batches/<runId>/` holds `run.json`, `queue.db` and the tasks' worktrees. */
export function batchesDir(artHome: string): string {
  return path.join(artHome, "batches");
}

export function runDir(artHome: string, runId: string): string {
  return path.join(batchesDir(artHome), runId);
}

/** Creates a run's directory and record (written by rename, so a crash leaves no half record). */
export function createRunRecord(
  artHome: string,
  fields: Omit<BatchRunRecord, "version" | "runId" | "createdAt" | "finishedAt">,
): BatchRunRecord {
  const now = new Date();
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "").replace("T", "-");
  const record: BatchRunRecord = {
    version: BATCH_RUN_SCHEMA_VERSION,
    runId: `bat_${stamp}_${randomBytes(3).toString("hex")}`,
    createdAt: now.getTime(),
    ...fields,
  };
  mkdirSync(runDir(artHome, record.runId), { recursive: true, mode: 0o700 });
  writeRecord(artHome, record);
  return record;
}

/** Marks a run finished, so a later `art batch` of the same file starts a new run instead of resuming it. */
export function markRunFinished(artHome: string, record: BatchRunRecord): BatchRunRecord {
  const finished = { ...record, finishedAt: Date.now() };
  writeRecord(artHome, finished);
  return finished;
}

function writeRecord(artHome: string, record: BatchRunRecord): void {
  const dir = runDir(artHome, record.runId);
  const temporary = path.join(dir, `.run.json.${process.pid}`);
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path.join(dir, "run.json"));
}

/** Reads a run's record; undefined when the directory has none (a run that died before writing it). */
export function readRunRecord(artHome: string, runId: string): BatchRunRecord | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(runDir(artHome, runId), "run.json"), "utf8");
  } catch {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const parsed = BatchRunRecordSchema.safeParse(value);
  if (!parsed.success)
    throw new BatchRunError(
      "batch.corrupt",
      `The record of batch run ${runId} is damaged.`,
      "Start a new run.",
    );
  if (parsed.data.version > BATCH_RUN_SCHEMA_VERSION)
    throw new BatchRunError(
      "batch.newer_schema",
      `Batch run ${runId} was written by a newer agent-runtime (record version ${parsed.data.version}).`,
      "Upgrade agent-runtime to resume it.",
    );
  return parsed.data;
}

/** The runs of one batch file, newest first. */
export function runsOfFile(artHome: string, file: string): BatchRunRecord[] {
  let names: string[];
  try {
    names = readdirSync(batchesDir(artHome));
  } catch {
    return [];
  }
  const runs: BatchRunRecord[] = [];
  for (const name of names) {
    if (!name.startsWith("bat_")) continue;
    try {
      const record = readRunRecord(artHome, name);
      if (record?.file === file) runs.push(record);
    } catch {
      // A damaged or newer record belongs to no run this build can resume; `--run ID` names it with its error.
    }
  }
  return runs.sort((a, b) => b.createdAt - a.createdAt);
}
