import { createHash } from "node:crypto";
import type { Agent, AgentRun, ApprovalAnswer, ApprovalRequest } from "../../orchestrator/index.js";
import type { NodeConfig } from "../config.js";
import { GraphError, GraphInterrupt } from "../errors/index.js";
import { taskContext } from "../interrupt.js";
import { nodeRuntime } from "../pregel/stream-sink.js";
import { interruptId } from "../pregel/task-id.js";
import type { AgentNodeAgent, AgentNodeOptions, AgentNodeResult } from "./agent-node-options.js";
import { collectFilesChanged } from "./files-changed.js";

/** One agent session running for one graph task, kept while it waits for an approval. */
interface LiveAgentTask {
  run: AgentRun;
  /** Approvals asked so far in this session run (the n-th is answered by the task's n-th resume value). */
  asked: number;
  waiting: { index: number; request: ApprovalRequest; answer(value: ApprovalAnswer): void } | undefined;
  changed: () => void;
  answers: unknown[];
}

const live = new Map<string, LiveAgentTask>();

function toAnswer(value: unknown): ApprovalAnswer {
  if (value === true || value === "approve" || value === "yes") return "approve-once";
  if (value === false || value === "reject" || value === "no") return "deny";
  if (typeof value === "object" && value !== null && "decision" in value)
    return toAnswer((value as { decision: unknown }).decision);
  if (
    value === "approve-once" ||
    value === "approve-session" ||
    value === "approve-always" ||
    value === "deny" ||
    value === "abort"
  )
    return value;
  return "deny";
}

function sessionIdFor(key: string): string {
  return `ses_g${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
}

/**
 * A graph node that runs a full turn of our coding agent — sandbox, exec policy, approvals, checkpoints, audit —
 * on a task read from the state, and returns its final message and the files it changed as the update.
 *
 * The session is tied to the graph task: if the node runs again (a resume, or a restart after a crash) it resumes
 * the same session from its journal instead of starting over, so finished tool calls never run twice. An approval
 * the agent needs becomes a graph interrupt (`{ type: "approval", ... }`); resuming the graph with
 * `new Command({ resume: true | false | "approve-session" | … })` answers it and the session goes on. Text deltas
 * stream on the `messages` stream mode and every agent event on `custom`.
 *
 * ```ts
 * const graph = new StateGraph(State)
 *   .addNode("fix", agentNode({ model: "openai:gpt-5" }, { task: (s) => s.issue, cwd: "/repo" }))
 *   .addEdge(START, "fix")
 *   .compile({ checkpointer: new SqliteSaver() });
 * ```
 */
export function agentNode<State = Record<string, unknown>>(
  agent: AgentNodeAgent,
  options: AgentNodeOptions<State> = {},
): (state: State, config: NodeConfig) => Promise<Record<string, unknown>> {
  let built: Promise<Agent> | undefined;
  const getAgent = async (): Promise<Agent> => {
    const orchestrator = await import("../../orchestrator/index.js");
    if (agent instanceof orchestrator.Agent) return agent;
    built ??= orchestrator.Agent.create({
      ...agent,
      // Approvals become graph interrupts: the handler waits until the graph is resumed with an answer.
      onApproval: (request) => askThroughGraph(request),
    });
    return built;
  };
  return async (state, config) => {
    const scratchpad = taskContext.getStore();
    const threadId = String(config.configurable?.thread_id ?? "");
    const taskId = nodeRuntime(config)?.scratchpad.taskId ?? scratchpad?.taskId ?? "";
    const key = `${threadId}|${config.configurable?.checkpoint_ns ?? ""}|${taskId}`;
    const sessionId = sessionIdFor(key);
    const runner = await getAgent();
    let entry = live.get(sessionId);
    if (!entry) {
      const existing = await runner.session(sessionId);
      if (existing && existing.status !== "running") {
        const finished = await finishedResult(runner, sessionId);
        if (finished) return toUpdate(finished, state, options);
      }
      const task = readTask(state, options);
      const cwd = typeof options.cwd === "function" ? options.cwd(state) : options.cwd;
      const run = existing
        ? runner.resume(sessionId, { signal: config.signal })
        : runner.start(task, { ...(cwd ? { cwd } : {}), signal: config.signal, sessionId });
      entry = { run, asked: 0, waiting: undefined, changed: () => {}, answers: [] };
      live.set(sessionId, entry);
      streamEvents(run, config, sessionId);
    }
    entry.answers = scratchpad?.resume ?? [];
    const current = entry;
    if (current.waiting && current.waiting.index < current.answers.length) {
      const waiting = current.waiting;
      current.waiting = undefined;
      waiting.answer(toAnswer(current.answers[waiting.index]));
    }
    const outcome = await new Promise<
      | { kind: "done"; result: Awaited<AgentRun["result"]> }
      | { kind: "ask"; index: number; request: ApprovalRequest }
    >((resolve, reject) => {
      current.changed = () => {
        if (current.waiting)
          resolve({ kind: "ask", index: current.waiting.index, request: current.waiting.request });
      };
      current.changed();
      current.run.result.then((result) => resolve({ kind: "done", result }), reject);
    });
    if (outcome.kind === "ask") {
      throw new GraphInterrupt([
        { id: interruptId(taskId, outcome.index), value: { type: "approval", ...outcome.request } },
      ]);
    }
    live.delete(sessionId);
    const filesChanged = await collectFilesChanged(runner, sessionId);
    const result: AgentNodeResult = {
      sessionId,
      status: outcome.result.status,
      finalMessage: outcome.result.finalMessage,
      filesChanged,
    };
    if (result.status !== "completed" && options.failOnError !== false)
      throw new GraphError(
        "AgentNodeError",
        "graph.agent_failed",
        `The agent session ${sessionId} ended ${result.status}${outcome.result.error ? `: ${outcome.result.error.message}` : ""}. Resume the graph to continue it.`,
      );
    return toUpdate(result, state, options);
  };
}

/** The approval handler of agents built by `agentNode`: answered from the graph task's resume values. */
function askThroughGraph(request: ApprovalRequest): Promise<ApprovalAnswer> {
  const entry = live.get(request.sessionId);
  if (!entry) return Promise.resolve("deny");
  const index = entry.asked++;
  if (index < entry.answers.length) return Promise.resolve(toAnswer(entry.answers[index]));
  return new Promise((resolve) => {
    entry.waiting = { index, request, answer: resolve };
    entry.changed();
  });
}

function readTask<State>(state: State, options: AgentNodeOptions<State>): string {
  const source = options.task ?? "task";
  const task = typeof source === "function" ? source(state) : (state as Record<string, unknown>)[source];
  if (typeof task !== "string" || !task.trim())
    throw new GraphError(
      "AgentNodeError",
      "graph.agent_task_missing",
      `The agent node found no task: ${typeof source === "function" ? "its task function returned" : `state key "${source}" holds`} ${JSON.stringify(task)}. Put the task in the state or pass { task: (state) => "…" }.`,
    );
  return task;
}

function toUpdate<State>(
  result: AgentNodeResult,
  state: State,
  options: AgentNodeOptions<State>,
): Record<string, unknown> {
  if (typeof options.output === "function") return options.output(result, state);
  const keys = { message: "result", files: "files", ...(options.output ?? {}) };
  return { [keys.message]: result.finalMessage, [keys.files]: result.filesChanged };
}

async function finishedResult(runner: Agent, sessionId: string): Promise<AgentNodeResult | undefined> {
  let finalMessage = "";
  let completed = false;
  for await (const { event } of runner.events(sessionId)) {
    if (event.type === "turn.started") completed = false;
    else if (event.type === "message.completed") finalMessage = event.text;
    else if (event.type === "turn.completed") completed = true;
  }
  if (!completed) return undefined;
  return {
    sessionId,
    status: "completed",
    finalMessage,
    filesChanged: await collectFilesChanged(runner, sessionId),
  };
}

function streamEvents(run: AgentRun, config: NodeConfig, sessionId: string): void {
  const messages = nodeRuntime(config)?.sink.messages;
  const metadata = { ...config.metadata, sessionId };
  void (async () => {
    for await (const stored of run.events()) {
      const { event } = stored;
      if (event.type === "message.delta")
        messages?.([{ type: "ai", content: event.delta, sessionId }, metadata]);
      else config.writer({ type: "agent.event", sessionId, seq: stored.seq, event });
    }
  })().catch(() => {});
}
