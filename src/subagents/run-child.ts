import { existsSync } from "node:fs";
import path from "node:path";
import { AbortedError } from "../core/index.js";
import { loadState, type RunResult } from "../orchestrator/index.js";
import type { Tool, ToolContext } from "../tools/index.js";
import { lockKey } from "../workspace/index.js";
import { applyOnce, type BackJournal } from "./apply-once.js";
import { backRecordPath } from "./back-record.js";
import { type BroughtBack, worktreeChanges } from "./bring-back.js";
import { type ChildWorktree, childWorktree, removeChildWorktree } from "./child-worktree.js";
import { SubagentFailedError, SubagentOutputError } from "./errors/index.js";
import { filesWritten } from "./files-written.js";
import { compileOutputSchema } from "./output-check.js";
import type { SubagentSpec } from "./subagent-spec.js";
import type { SubagentTree } from "./subagent-tree.js";

/** One child to bring to an answer: its spec, task, session id and the `spawn_agent` it gets one level down. */
export interface ChildRequest {
  /** `worktree`: the child works in its own git worktree, its changes applied back as one patch. */
  isolation?: "none" | "worktree";
  tree: SubagentTree;
  spec: SubagentSpec;
  prompt: string;
  childId: string;
  /** The workspace the child works in (the parent's, or its own worktree). */
  cwd: string;
  spawnTool: Tool<unknown>;
  context: ToolContext;
}

/** What a finished child answered. */
export interface ChildAnswer {
  text: string;
  /** The parsed answer, when the agent has an `output_schema`. */
  value?: unknown;
}

const asked = (problem: string) =>
  `Your final answer does not match the required output schema: ${problem}. ` +
  "Answer again with only the JSON value the schema describes, nothing else.";

/**
 * Runs, resumes or reuses the child session of one `spawn_agent` call. A child that finished (its journal says so)
 * is not run again: its answer is read back. One that was cut off continues from its own journal. A new one is
 * linked in the parent's journal (durably) before it starts.
 */
export async function runChild(request: ChildRequest): Promise<ChildAnswer> {
  const { tree, spec, childId, context } = request;
  if (request.isolation !== "worktree") {
    const answer = await answerOf(request);
    const written = await filesWritten(tree.runtime.journal, childId);
    return { ...answer, text: answer.text + (await writtenNote(request, written)) };
  }
  const journal = backJournal(request);
  const worktree = await worktreeOf(request);
  if (!worktree) {
    // Brought back before a crash: only the answer was left to give, and the journal says what came back.
    const answer = await answerOf(request);
    const back = await journal.recorded();
    return { ...answer, text: answer.text + (back ? backNote(spec.name, back) : "") };
  }
  let answer: ChildAnswer;
  try {
    answer = await answerOf({ ...request, cwd: worktree.cwd });
  } catch (error) {
    // A cancelled child resumes later in the same worktree; a failed one leaves nothing behind.
    if (!AbortedError.isAbort(error)) await removeChildWorktree(worktree);
    throw error;
  }
  try {
    const back = await applyOnce({
      agent: spec.name,
      recordFile: backRecordPath(worktree.dir),
      parentCwd: context.cwd,
      ...(context.files ? { files: context.files } : {}),
      signal: context.signal,
      journal,
      changes: () => worktreeChanges(worktree),
    });
    return { ...answer, text: answer.text + backNote(spec.name, back) };
  } finally {
    // Only once the bring-back is settled (its record gone): a crash before this finds the worktree again.
    if (!existsSync(backRecordPath(worktree.dir))) await removeChildWorktree(worktree);
  }
}

/** What the model reads about an isolated child's changes. */
function backNote(agent: string, back: BroughtBack): string {
  const lines = back.files.map((file) => `${file.kind} ${file.path}`);
  const skipped = back.skipped.length ? `\n[binary files not brought back: ${back.skipped.join(", ")}]` : "";
  const note = lines.length
    ? `\n\n[${agent} changed, applied to the workspace: ${lines.join(", ")}]`
    : `\n\n[${agent} changed no files]`;
  return note + skipped;
}

/**
 * The parent's journal as the bring-back's store of what it applied: the call's `patch.applied`, and a progress
 * report marking the bring-back done (with what it skipped).
 */
function backJournal(request: ChildRequest): BackJournal {
  const { tree, spec, childId, context } = request;
  return {
    async recorded() {
      let files: BroughtBack["files"] = [];
      let skipped: string[] | undefined;
      for await (const { event } of tree.runtime.journal.read(context.sessionId)) {
        if (!("callId" in event) || event.callId !== context.callId) continue;
        if (event.type === "patch.applied") files = event.files;
        else if (event.type === "progress.reported") {
          const data = event.data as { broughtBack?: { skipped?: string[] } } | undefined;
          if (data?.broughtBack) skipped = data.broughtBack.skipped ?? [];
        }
      }
      return skipped ? { files, skipped } : undefined;
    },
    async record(back) {
      if (back.files.length > 0) context.progress.patchApplied(back.files);
      context.progress.report({
        message: `Sub-agent ${spec.name}'s changes were applied to the workspace.`,
        data: { agent: spec.name, childSessionId: childId, broughtBack: { skipped: back.skipped } },
      });
      await context.durable?.();
    },
  };
}

/**
 * What the model reads about a shared-workspace child's writes: the files it wrote, and which of them a sibling
 * (another child of the same parent) wrote too, from their journals.
 */
async function writtenNote(request: ChildRequest, written: readonly string[]): Promise<string> {
  const { tree, spec, childId, context } = request;
  if (written.length === 0) return "";
  const mine = new Set(written.map((file) => lockKey(context.cwd, file)));
  const shared: string[] = [];
  for (const sibling of await tree.runtime.sessions({ parentId: context.sessionId })) {
    if (sibling.id === childId) continue;
    const theirs = (await filesWritten(tree.runtime.journal, sibling.id)).filter((file) =>
      mine.has(lockKey(context.cwd, file)),
    );
    if (theirs.length > 0) shared.push(`session ${sibling.id} ("${sibling.title}"): ${theirs.join(", ")}`);
  }
  const also = shared.length ? `\n[also written by another sub-agent: ${shared.join("; ")}]` : "";
  return `\n\n[${spec.name} wrote: ${written.join(", ")}]${also}`;
}

/** The worktree to run in, or undefined when the child finished and its changes were brought back already. */
async function worktreeOf(request: ChildRequest): Promise<ChildWorktree | undefined> {
  const { tree, childId, context } = request;
  if (await tree.runtime.session(childId)) {
    const state = await loadState(childId, tree.runtime.journal.read(childId));
    if (state.ended === "completed" && !existsSync(`${worktreeDir(tree, childId)}.json`)) return undefined;
  }
  return childWorktree(context.cwd, tree.runtime.artHome, childId);
}

function worktreeDir(tree: SubagentTree, childId: string): string {
  return path.join(tree.runtime.artHome, "worktrees", childId);
}

/** The child's answer, asking once more when it does not match the agent's output schema. */
async function answerOf(request: ChildRequest): Promise<ChildAnswer> {
  const { tree, spec, childId, context } = request;
  const check = spec.outputSchema ? compileOutputSchema(spec.name, spec.outputSchema) : undefined;
  let result = await firstResult(request);
  await tree.countFromJournal(childId);
  if (!check) return { text: finished(request, result) };
  let verdict = check(finished(request, result));
  // Asked once: a second turn in the child's journal is that question (also after a crash).
  if (!verdict.ok && (await turnsOf(request)) < 2) {
    result = await tree.runtime.resume(childId, {
      message: asked(verdict.problem),
      agent: defineChild(request),
      signal: context.signal,
      outputSchema: spec.outputSchema!,
      ...(tree.onApproval ? { onApproval: tree.onApproval } : {}),
    }).result;
    await tree.countFromJournal(childId);
    verdict = check(finished(request, result));
  }
  if (!verdict.ok) throw new SubagentOutputError(spec.name, childId, verdict.problem);
  return { text: JSON.stringify(verdict.value), value: verdict.value };
}

async function firstResult(request: ChildRequest): Promise<RunResult> {
  const { tree, spec, childId, context } = request;
  const common = {
    signal: context.signal,
    ...(spec.outputSchema ? { outputSchema: spec.outputSchema } : {}),
    ...(tree.onApproval ? { onApproval: tree.onApproval } : {}),
  };
  if (!(await tree.runtime.session(childId))) {
    // The link is durable before the child exists: a crash between the two leaves a call that knows its child.
    context.progress.report({
      message: `Sub-agent ${spec.name} runs as session ${childId}.`,
      data: { agent: spec.name, childSessionId: childId },
    });
    await context.durable?.();
    return tree.runtime.run(defineChild(request), request.prompt, {
      ...common,
      cwd: request.cwd,
      sessionId: childId,
      parent: { sessionId: context.sessionId, callId: context.callId, agent: spec.name },
    }).result;
  }
  const state = await loadState(childId, tree.runtime.journal.read(childId));
  const last = state.turns.at(-1);
  if (last?.status === "completed" && state.ended === "completed") {
    return {
      sessionId: childId,
      status: "completed",
      finalMessage: last.lastText,
      usage: state.usage,
      durationMs: 0,
    };
  }
  // The definition supplies the implementations (a model object, its own tools); the journal's rules still win.
  return tree.runtime.resume(childId, { ...common, agent: defineChild(request) }).result;
}

function defineChild(request: ChildRequest) {
  return request.spec.define({ settings: request.context.settings, cwd: request.cwd }, request.spawnTool);
}

/** The child's final message, or the error that says why there is none. */
function finished(request: ChildRequest, result: RunResult): string {
  const { spec, childId, context } = request;
  if (result.status === "completed") return result.finalMessage;
  if (result.status === "interrupted" && context.signal.aborted) throw new AbortedError();
  const why =
    result.status === "awaiting-approval"
      ? "it waits for an approval no one answered"
      : (result.error?.message ?? result.status);
  throw new SubagentFailedError(spec.name, childId, why);
}

async function turnsOf(request: ChildRequest): Promise<number> {
  const summary = await request.tree.runtime.session(request.childId);
  return summary?.turns ?? 0;
}
