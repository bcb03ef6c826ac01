import { rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  type BatchFile,
  BatchRunError,
  type BatchRunRecord,
  checkTaskDir,
  createRunRecord,
  ensureWorktree,
  markRunFinished,
  progressLine,
  pruneWorktrees,
  readBatchFile,
  readRunRecord,
  runBatch,
  runDir,
  runsOfFile,
  summaryTable,
} from "../../batch/index.js";
import { resolveArtHome } from "../../core/index.js";
import { checkModelSpec, SharedRateLimits } from "../../model/index.js";
import { type AgentDefinition, defineAgent, Runtime } from "../../runtime/index.js";
import { agentFileNamed, withAgentFile } from "../agent-from-file.js";
import { agentFieldsFrom, type SessionFlagValues } from "../agent-options.js";
import type { CliIO, CommandMain } from "../command.js";
import { EXIT } from "../follow-run.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art batch <tasks.jsonl> [options]
       art batch <tasks.jsonl> --resume [--run ID]

Runs many tasks, each in its own directory, through a durable queue. Each line of the file is one task:
  {"id": "fix-1", "task": "make the tests pass", "cwd": "packages/a"}
  {"task": "update the changelog", "repo": "../app", "ref": "main", "model": "openai:gpt-5-mini", "agent": "writer"}
"cwd" runs the task in that directory; "repo" (+ "ref", default HEAD) in a new git worktree of it under
$ART_HOME/batches/<run>/worktrees/ (your own worktree, index and branches are not touched). Paths are relative to
the file. "id" defaults to line-<N>.

Ctrl-C stops cleanly: running sessions are interrupted (journaled) and "art batch <file> --resume" goes on where
the run stopped, resuming those sessions rather than starting them again.

Options:
  -j, --concurrency N     Tasks running at once (default: the number of cores, at most 8)
      --queue NAME        Queue name (default "batch")
      --json              JSON lines on stdout: one "batch.task" per finished task, then "batch.result"
      --resume            Go on with the newest unfinished run of this file (with the flags it started with)
      --run ID            With --resume: that run instead of the newest
      --new               Start a new run even though an unfinished one exists
  -m, --model SPEC        Model of tasks that name none (default: $ART_MODEL, then config.toml's model)
      --base-url URL      API base URL (openai-compatible)
      --sandbox MODE      read-only | workspace-write (default) | full-access
      --network MODE      none (default) | full
      --approval MODE     untrusted | on-request (default) | on-failure | never; a command that asks is denied
                          (nobody is there to answer) and the model is told
      --no-checkpoints    Do not snapshot the workspaces at each turn
  -h, --help              Show this help

Exit codes: 0 every task completed, 1 some did not, 2 usage error, 130 stopped (Ctrl-C), 141 stdout closed.
`;

const FLAGS = {
  concurrency: { type: "string", short: "j" },
  queue: { type: "string" },
  json: { type: "boolean" },
  resume: { type: "boolean" },
  run: { type: "string" },
  new: { type: "boolean" },
  model: { type: "string", short: "m" },
  "base-url": { type: "string" },
  sandbox: { type: "string" },
  network: { type: "string" },
  approval: { type: "string" },
  "no-checkpoints": { type: "boolean" },
} as const;

/** The flags a run records and `--resume` runs with. */
const SESSION_KEYS = ["model", "base-url", "sandbox", "network", "approval", "no-checkpoints"] as const;

function positiveInteger(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1 || number > 1000)
    throw new UsageError(`--concurrency must be a whole number from 1 to 1000; got "${value}".`, "batch");
  return number;
}

/** Config warnings once per batch, not once per task. */
function onceIO(io: CliIO): CliIO {
  const seen = new Set<string>();
  const stderr = Object.create(io.stderr) as CliIO["stderr"];
  stderr.write = ((chunk: string | Uint8Array) => {
    const text = String(chunk);
    if (seen.has(text)) return true;
    seen.add(text);
    return io.stderr.write(chunk);
  }) as CliIO["stderr"]["write"];
  return { ...io, stderr };
}

function findRun(artHome: string, batch: BatchFile, runId: string | undefined): BatchRunRecord {
  if (runId) {
    const record = readRunRecord(artHome, runId);
    if (!record || record.file !== batch.file)
      throw new BatchRunError(
        "batch.not_found",
        `No run ${runId} of ${batch.file}.`,
        'See "art batch --help".',
      );
    return record;
  }
  const record = runsOfFile(artHome, batch.file).find((run) => run.finishedAt === undefined);
  if (!record)
    throw new BatchRunError(
      "batch.not_found",
      `No unfinished run of ${batch.file} to resume.`,
      `Run "art batch ${batch.file}" to start one.`,
    );
  return record;
}

/** Each task's own directory, made (worktrees) or checked (cwd) before anything runs. */
async function taskDirs(
  artHome: string,
  record: BatchRunRecord,
  batch: BatchFile,
): Promise<Record<string, string>> {
  const dirs: Record<string, string> = {};
  for (const task of batch.tasks) {
    if (task.where.kind === "cwd") {
      checkTaskDir(task.where.dir, task.line);
      dirs[task.id] = task.where.dir;
    } else {
      const dir = path.join(runDir(artHome, record.runId), "worktrees", task.id);
      await ensureWorktree(task.where.repo, task.where.ref, dir);
      dirs[task.id] = dir;
    }
  }
  return dirs;
}

function absoluteScript(spec: string, cwd: string, env: NodeJS.ProcessEnv): string {
  return spec.startsWith("scripted:") ? checkModelSpec(spec, env, { cwd }).spec : spec;
}

/** One agent per task: its directory's config, its model and agent file, never wider than the flags. */
async function taskAgents(
  batch: BatchFile,
  dirs: Record<string, string>,
  flags: SessionFlagValues,
  io: CliIO,
): Promise<Record<string, AgentDefinition>> {
  const quiet = onceIO(io);
  const agents: Record<string, AgentDefinition> = {};
  // A relative scripted:<file> means relative to where it was written: the batch file's line, or the shell.
  const fromShell = flags.model ?? io.env.ART_MODEL;
  const shellModel = fromShell ? absoluteScript(fromShell, io.cwd, io.env) : undefined;
  for (const task of batch.tasks) {
    const model = task.model ? absoluteScript(task.model, path.dirname(batch.file), io.env) : shellModel;
    const values: SessionFlagValues = { ...flags, cwd: dirs[task.id]!, ...(model ? { model } : {}) };
    const base = await agentFieldsFrom(values, quiet, "batch");
    const file = task.agent ? await agentFileNamed(task.agent, base.cwd, base.artHome) : undefined;
    const fields = file ? withAgentFile(base.fields, file, values, base.cwd) : base.fields;
    if (!fields.model)
      throw new UsageError(
        `Line ${task.line} has no model: give "model", --model or set ART_MODEL.`,
        "batch",
      );
    // A typo'd spec or a missing key fails here, before any task starts.
    checkModelSpec(fields.model, io.env, {
      cwd: base.cwd,
      ...(fields.baseUrl ? { baseUrl: fields.baseUrl } : {}),
    });
    agents[task.id] = defineAgent({ ...fields, name: file?.name ?? "art", model: fields.model });
  }
  return agents;
}

async function discardRun(artHome: string, record: BatchRunRecord, batch: BatchFile): Promise<void> {
  rmSync(runDir(artHome, record.runId), { recursive: true, force: true });
  const repos = new Set(
    batch.tasks.flatMap((task) => (task.where.kind === "worktree" ? [task.where.repo] : [])),
  );
  for (const repo of repos) await pruneWorktrees(repo);
}

/** `art batch`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, FLAGS, HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError("Give one tasks file (JSON lines).", "batch");
  if (values.run && !values.resume) throw new UsageError("--run needs --resume.", "batch");
  if (values.new && values.resume) throw new UsageError("--new and --resume contradict each other.", "batch");
  const given = Object.fromEntries(
    SESSION_KEYS.filter((key) => values[key] !== undefined).map((key) => [key, values[key]!]),
  );
  if (values.resume && Object.keys(given).length)
    throw new UsageError(
      `--resume runs with the flags the run started with; drop ${Object.keys(given)
        .map((key) => `--${key}`)
        .join(", ")}.`,
      "batch",
    );
  const artHome = resolveArtHome(io.env);
  const batch = readBatchFile(path.resolve(io.cwd, positionals[0]!));
  let record: BatchRunRecord;
  if (values.resume) record = findRun(artHome, batch, values.run);
  else {
    const unfinished = runsOfFile(artHome, batch.file).find((run) => run.finishedAt === undefined);
    if (unfinished && !values.new)
      throw new BatchRunError(
        "batch.unfinished",
        `Run ${unfinished.runId} of this file has not finished.`,
        `Run "art batch ${positionals[0]} --resume" to go on with it, or add --new to start over.`,
      );
    const concurrency = positiveInteger(values.concurrency, Math.min(8, os.availableParallelism()));
    if (given.model) given.model = absoluteScript(String(given.model), io.cwd, io.env);
    record = createRunRecord(artHome, {
      file: batch.file,
      sha256: batch.sha256,
      queue: values.queue ?? "batch",
      concurrency,
      flags: given,
    });
  }
  if (record.sha256 !== batch.sha256)
    throw new BatchRunError(
      "batch.file_changed",
      `${batch.file} changed since run ${record.runId} started.`,
      "Restore it to resume that run, or start a new run with --new.",
    );
  const concurrency = values.resume
    ? positiveInteger(values.concurrency, record.concurrency)
    : record.concurrency;
  let dirs: Record<string, string>;
  let agents: Record<string, AgentDefinition>;
  try {
    dirs = await taskDirs(artHome, record, batch);
    agents = await taskAgents(batch, dirs, record.flags as SessionFlagValues, io);
  } catch (error) {
    // Nothing ran: a new run that could not be prepared leaves nothing behind to resume.
    if (!values.resume) await discardRun(artHome, record, batch);
    throw error;
  }
  return runAndReport(artHome, record, batch, dirs, agents, concurrency, Boolean(values.json), io);
};

async function runAndReport(
  artHome: string,
  record: BatchRunRecord,
  batch: BatchFile,
  dirs: Record<string, string>,
  agents: Record<string, AgentDefinition>,
  concurrency: number,
  json: boolean,
  io: CliIO,
): Promise<number> {
  const stop = new AbortController();
  let exit: number = EXIT.SIGINT;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(exit);
    exit = signal === "SIGINT" ? EXIT.SIGINT : signal === "SIGHUP" ? EXIT.SIGHUP : EXIT.SIGTERM;
    io.stderr.write(
      "\nStopping… running sessions are interrupted and resume with --resume (Ctrl-C again to quit at once)\n",
    );
    stop.abort();
  };
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const signal of signals) process.on(signal, onSignal);
  io.stdoutClosed?.addEventListener("abort", () => {
    exit = EXIT.stdoutClosed;
    stop.abort();
  });
  const tty = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
  const out = (text: string) => {
    if (!io.stdoutClosed?.aborted) io.stdout.write(text);
  };
  io.stderr.write(`batch run ${record.runId}: ${batch.tasks.length} tasks, ${concurrency} at a time\n`);
  // Every session of the batch shares each provider key's limits: one backoff after a 429, the header windows, and
  // `[limits.providers]` of the user's config.toml.
  const { loadEffectiveConfig, providerLimitsOf } = await import("../../config/index.js");
  const limits = (await loadEffectiveConfig(artHome, io.cwd)).config.limits;
  const requestGate = new SharedRateLimits(providerLimitsOf(limits));
  const runtime = await Runtime.open({ artHome, env: io.env, requestGate });
  try {
    const outcome = await runBatch({
      runtime,
      runId: record.runId,
      tasks: batch.tasks,
      dirs,
      agents,
      queue: record.queue,
      concurrency,
      signal: stop.signal,
      onProgress: (progress) => {
        if (tty) io.stderr.write(`\r\x1b[2K${progressLine(progress)}`);
      },
      onTaskEnd: (result) => {
        if (json) out(`${JSON.stringify({ type: "batch.task", runId: record.runId, ...result })}\n`);
        else if (!tty)
          io.stderr.write(`${result.status === "completed" ? "✔" : "✘"} ${result.id} ${result.status}\n`);
      },
    });
    if (tty) io.stderr.write("\r\x1b[2K");
    const completed = outcome.results.filter((result) => result.status === "completed").length;
    const status = outcome.stopped ? "stopped" : completed === batch.tasks.length ? "completed" : "failed";
    if (!outcome.stopped) markRunFinished(artHome, record);
    if (json) {
      out(
        `${JSON.stringify({
          type: "batch.result",
          runId: record.runId,
          file: batch.file,
          status,
          total: batch.tasks.length,
          completed,
          notCompleted: outcome.results.length - completed,
          notRun: batch.tasks.length - outcome.results.length,
          tokens: outcome.results.reduce((sum, result) => sum + result.tokens, 0),
          durationMs: outcome.durationMs,
          tasks: outcome.results,
        })}\n`,
      );
    } else out(summaryTable(outcome.results, batch.tasks.length));
    if (outcome.stopped) {
      io.stderr.write(
        `Stopped. Run "art batch ${path.relative(io.cwd, batch.file) || batch.file} --resume" to go on.\n`,
      );
      return exit;
    }
    return status === "completed" ? 0 : 1;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    await runtime.close();
  }
}
