import type { StoredEvent } from "../core/index.js";
import type { AgentRun, RunResult } from "../orchestrator/index.js";
import type { AgentDefinition, Runtime } from "../runtime/index.js";
import { type DeniedApproval, type ElicitChannel, elicitingApprover } from "./elicit-approval.js";
import { ToolArgumentError } from "./errors/index.js";

/** What `start_session` asks for, checked against its input schema already. */
export interface StartSessionArgs {
  task: string;
  /** The workspace, as the client passed it (resolved by the {@link AgentResolver}). */
  cwd: string;
  model?: string;
  baseUrl?: string;
  /** An agent definition by name (`.art/agents`, `.claude/agents`, `$ART_HOME/agents`), as `art exec --agent`. */
  agent?: string;
  sandbox?: string;
  network?: string;
  approval?: string;
}

/** A session's agent, as `art exec` would build it for the same flags, and what to close when the host is done. */
export interface ResolvedAgent {
  agent: AgentDefinition;
  /** The absolute workspace. */
  cwd: string;
  /** Closes what the agent holds open (its MCP servers). */
  close(): Promise<void>;
}

/** Builds a session's agent from the tool's arguments; throws {@link ToolArgumentError} naming a bad one. */
export type AgentResolver = (args: StartSessionArgs) => Promise<ResolvedAgent>;

/** What the session tools answer with (snake_case: it is the tools' JSON). */
export interface SessionReport {
  session_id: string;
  status: string;
  final_message?: string;
  error?: { code: string; message: string };
  /** Approvals denied without asking anyone, with the reason (the client offers no elicitation). */
  denied_approvals?: DeniedApproval[];
}

/** One page of a session's journaled events. */
export interface EventsPage {
  session_id: string;
  events: StoredEvent[];
  /** Pass as `from_seq` for the next page. */
  next_from_seq: number;
  /** Whether more events were stored past this page. */
  more: boolean;
}

interface Hosted {
  resolved?: ResolvedAgent;
  run?: AgentRun;
  last?: RunResult;
  denied: DeniedApproval[];
}

/** Told of each event of a waited-for run (as MCP progress, so the client's request timeout is reset). */
export type RunProgress = (seq: number, type: string) => void;

/** Most events one `read_events` call returns. */
export const MAX_EVENTS_PAGE = 500;

/**
 * The sessions `art mcp-server` runs, on one {@link Runtime}: started, continued, read and cancelled by the MCP tools.
 * A session keeps its agent (and so its MCP servers) for as long as this host lives, so a continued session has the
 * tools it was started with.
 */
export class SessionHost {
  private readonly hosted = new Map<string, Hosted>();

  constructor(
    private readonly runtime: Runtime,
    private readonly resolve: AgentResolver,
  ) {}

  /** Starts a session; with `wait`, resolves when its turn has ended, else once it is journaled. */
  async start(
    args: StartSessionArgs,
    channel: ElicitChannel,
    wait: boolean,
    progress?: RunProgress,
  ): Promise<SessionReport> {
    const resolved = await this.resolve(args);
    const hosted: Hosted = { resolved, denied: [] };
    let run: AgentRun;
    try {
      run = this.runtime.run(resolved.agent, args.task, {
        cwd: resolved.cwd,
        onApproval: elicitingApprover(channel, hosted.denied),
      });
    } catch (error) {
      await resolved.close();
      throw error;
    }
    try {
      await started(run);
    } catch (error) {
      await resolved.close();
      throw error;
    }
    this.hosted.set(run.sessionId, hosted);
    return this.follow(run, hosted, wait, progress);
  }

  /** Continues a session with a follow-up prompt (a new turn). */
  async continue(
    sessionId: string,
    prompt: string,
    channel: ElicitChannel,
    wait: boolean,
    progress?: RunProgress,
  ): Promise<SessionReport> {
    await this.known(sessionId);
    const hosted = this.hosted.get(sessionId) ?? { denied: [] };
    if (hosted.run)
      throw new ToolArgumentError(
        "session_id",
        `session ${sessionId} is running a turn.`,
        "Wait for it (get_session) or cancel it (cancel_session) first.",
      );
    const run = this.runtime.resume(sessionId, {
      message: prompt,
      ...(hosted.resolved ? { agent: hosted.resolved.agent } : {}),
      onApproval: elicitingApprover(channel, hosted.denied),
    });
    await started(run);
    this.hosted.set(sessionId, hosted);
    return this.follow(run, hosted, wait, progress);
  }

  /** The session's status: `running` while a turn of this host runs, else how its last run ended. */
  async status(sessionId: string): Promise<SessionReport & Record<string, unknown>> {
    const summary = await this.known(sessionId);
    const hosted = this.hosted.get(sessionId);
    return {
      session_id: sessionId,
      status: hosted?.run ? "running" : summary.status,
      title: summary.title,
      cwd: summary.cwd,
      model: summary.model,
      turns: summary.turns,
      ...(hosted?.last ? reportOf(hosted.last, hosted) : {}),
      ...(hosted?.run ? { status: "running" } : {}),
    };
  }

  /** Up to `limit` stored events from `fromSeq` (1-based). */
  async events(sessionId: string, fromSeq: number, limit: number): Promise<EventsPage> {
    await this.known(sessionId);
    const events: StoredEvent[] = [];
    let more = false;
    for await (const stored of this.runtime.journal.read(sessionId, fromSeq)) {
      if (events.length === limit) {
        more = true;
        break;
      }
      events.push(stored);
    }
    const next = events.at(-1);
    return { session_id: sessionId, events, next_from_seq: next ? next.seq + 1 : fromSeq, more };
  }

  /** Cancels the session's running turn (model call and commands stop) and waits for it to end. */
  async cancel(sessionId: string): Promise<SessionReport> {
    await this.known(sessionId);
    const hosted = this.hosted.get(sessionId);
    const run = hosted?.run;
    if (!hosted || !run)
      throw new ToolArgumentError(
        "session_id",
        `session ${sessionId} has no turn running in this server.`,
        "get_session tells how it ended; continue_session starts a new turn.",
      );
    run.abort("cancelled through MCP");
    return reportOf(await run.result, hosted);
  }

  /** Cancels every running turn, waits for them, closes the agents' MCP servers and the runtime. */
  async close(): Promise<void> {
    const hosted = [...this.hosted.values()];
    for (const entry of hosted) entry.run?.abort("the MCP server is shutting down");
    await Promise.all(hosted.map((entry) => entry.run?.result.catch(() => undefined)));
    await Promise.all(hosted.map((entry) => entry.resolved?.close()));
    await this.runtime.close();
  }

  private async follow(
    run: AgentRun,
    hosted: Hosted,
    wait: boolean,
    progress?: RunProgress,
  ): Promise<SessionReport> {
    hosted.run = run;
    if (wait && progress) void reportProgress(run, progress);
    const ended = run.result.then(
      (result) => {
        hosted.last = result;
        return result;
      },
      (error: unknown) => {
        throw error;
      },
    );
    ended.then(
      () => {
        if (hosted.run === run) hosted.run = undefined;
      },
      () => {
        if (hosted.run === run) hosted.run = undefined;
      },
    );
    if (!wait) return { session_id: run.sessionId, status: "running" };
    const result = await ended;
    if (hosted.run === run) hosted.run = undefined;
    return reportOf(result, hosted);
  }

  private async known(sessionId: string) {
    const summary = await this.runtime.session(sessionId);
    if (!summary)
      throw new ToolArgumentError(
        "session_id",
        `there is no session "${sessionId}".`,
        "Use the session_id start_session returned.",
      );
    return summary;
  }
}

/** Tells `progress` of the run's turn and tool events until it ends; a failing reporter only stops the reports. */
async function reportProgress(run: AgentRun, progress: RunProgress): Promise<void> {
  try {
    for await (const { seq, event } of run.events())
      if (
        event.type.startsWith("turn.") ||
        event.type.startsWith("tool.") ||
        event.type.startsWith("approval.")
      )
        progress(seq, event.type);
  } catch {
    // The client went away or refused a notification: the run goes on; its events are in the journal.
  }
}

/** Resolves once the run's session is journaled; rejects with the run's error when it never started. */
async function started(run: AgentRun): Promise<void> {
  const events = run.events();
  const first = await events.next();
  await events.return?.();
  if (first.done) await run.result;
}

function reportOf(result: RunResult, hosted: Hosted): SessionReport {
  return {
    session_id: result.sessionId,
    status: result.status,
    final_message: result.finalMessage,
    ...(result.error ? { error: { code: result.error.code, message: result.error.message } } : {}),
    ...(hosted.denied.length ? { denied_approvals: [...hosted.denied] } : {}),
  };
}
