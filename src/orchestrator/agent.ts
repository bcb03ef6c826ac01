import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AgentEvent, SessionSettings, StoredEvent } from "../core/index.js";
import {
  childController,
  describeError,
  InvalidInputError,
  newId,
  SessionSettings as SessionSettingsSchema,
} from "../core/index.js";
import type { ModelClient } from "../model/model-client.js";
import type { Journal, SessionSummary } from "../store/journal.js";
import { ToolRegistry } from "../tools/registry.js";
import type { Tool } from "../tools/tool.js";
import { AgentRun, type RunResult } from "./agent-run.js";
import type { ApprovalHandler } from "./approval.js";
import { LiveSession } from "./live-session.js";
import { isUnendedCompletedRun, recoverInterruptedCalls } from "./recovery.js";
import { type NextMove, runTurn, startTurn, type TurnRuntime } from "./run-turn.js";
import { NothingToResumeError, SessionNotFoundError, SessionRunningError } from "./session-errors.js";
import { buildSessionServices, type SessionServices } from "./session-services.js";
import { emptyState, loadState } from "./session-state.js";
import type { ToolGate } from "./tool-gate.js";

/** How to build an {@link Agent}. Everything has a safe default. */
export interface AgentOptions {
  /** Model for new sessions: a spec such as `anthropic:claude-sonnet-4-5`, or a client. Resume uses the session's own. */
  model?: string | ModelClient;
  /** Base URL for providers that take one (`openai-compatible`, proxies). */
  baseUrl?: string;
  /** Where data lives; default `$ART_HOME` or `~/.art`. */
  artHome?: string;
  /** The journal; default SQLite at `<artHome>/art.db`. */
  journal?: Journal;
  /** Sandbox for commands (default `workspace-write`). */
  sandbox?: SessionSettings["sandbox"];
  /** Network for sandboxed commands (default `none`). */
  network?: SessionSettings["network"];
  /** Extra writable directories. */
  writableRoots?: string[];
  /** When to ask before running a tool call (default `on-request`). */
  approval?: SessionSettings["approval"];
  /** Answers approval requests; without one, `ask` is denied and the model is told. */
  onApproval?: ApprovalHandler;
  /** Extra tools, added to (or replacing, by name) the built-ins. */
  tools?: Tool<unknown>[];
  /** Extra system instructions. */
  instructions?: string;
  /** Environment the runtime reads keys from and builds command environments from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Snapshot the workspace at every turn (default true). */
  checkpoints?: boolean;
  /** Model steps allowed per turn (default 100). */
  maxSteps?: number;
  /** Compact when the context exceeds this fraction of the model's window (default 0.85). */
  compactAt?: number;
  /** More exec-policy rule files (any of the formats `SecurityPolicy` reads), besides the user and project layers. */
  ruleFiles?: string[];
  /** Environment variables commands may see besides the safe defaults, and ones to set. */
  childEnv?: { allow?: string[]; set?: Record<string, string> };
  /** Replaces the security gate (advanced; tests and embedders with their own policy). */
  gate?: ToolGate;
}

/** Where a run starts. */
export interface StartOptions {
  /** The workspace (default: the process's cwd). */
  cwd?: string;
  signal?: AbortSignal;
}

/** Resolves the data directory the way the CLI does. */
export function resolveArtHome(env: NodeJS.ProcessEnv = process.env, explicit?: string): string {
  return path.resolve(explicit ?? env.ART_HOME ?? path.join(os.homedir(), ".art"));
}

/**
 * The library's entry point: runs, resumes and forks agent sessions. Every session is a journal; everything an
 * agent run does is an event in it.
 */
export class Agent {
  private readonly running = new Set<string>();

  private constructor(
    private readonly options: AgentOptions,
    /** Where data lives. */
    readonly artHome: string,
    /** The journal all sessions are kept in. */
    readonly journal: Journal,
    private readonly ownsJournal: boolean,
  ) {}

  /** Opens the journal and returns a ready agent. */
  static async create(options: AgentOptions = {}): Promise<Agent> {
    const env = options.env ?? process.env;
    const artHome = resolveArtHome(env, options.artHome);
    mkdirSync(artHome, { recursive: true });
    if (options.journal) return new Agent(options, artHome, options.journal, false);
    const { openSqliteJournal } = await import("../store/index.js");
    const journal = openSqliteJournal({ path: path.join(artHome, "art.db") });
    return new Agent(options, artHome, journal, true);
  }

  /** Starts a new session on `task` in `options.cwd`. */
  start(task: string, options: StartOptions = {}): AgentRun {
    if (!task.trim())
      throw new InvalidInputError("The task is empty.", { hint: "Say what the agent should do." });
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const sessionId = newId("ses_");
    const modelSpec = typeof this.options.model === "object" ? this.options.model.spec : this.options.model;
    if (!modelSpec)
      throw new InvalidInputError("No model was given.", { hint: "Pass --model, e.g. openai:gpt-5." });
    const settings = SessionSettingsSchema.parse({
      model: modelSpec,
      ...(this.options.baseUrl ? { baseUrl: this.options.baseUrl } : {}),
      ...(this.options.sandbox ? { sandbox: this.options.sandbox } : {}),
      ...(this.options.network ? { network: this.options.network } : {}),
      ...(this.options.approval ? { approval: this.options.approval } : {}),
      writableRoots: (this.options.writableRoots ?? []).map((dir) => path.resolve(cwd, dir)),
    });
    const session = new LiveSession(emptyState(sessionId), this.journal);
    session.append({ type: "session.started", cwd, settings });
    return this.launch(sessionId, session, task, options.signal);
  }

  /** Continues a session from its journal, optionally with a follow-up message that starts a new turn. */
  resume(sessionId: string, options: { message?: string; signal?: AbortSignal } = {}): AgentRun {
    const ready = (async () => {
      if (!this.journal.getSession(sessionId)) throw new SessionNotFoundError(`with id "${sessionId}"`);
      const state = await loadState(sessionId, this.journal.read(sessionId));
      return new LiveSession(state, this.journal);
    })();
    return this.launch(sessionId, ready, options.message, options.signal);
  }

  /** The newest session, optionally only in `cwd`. */
  lastSession(cwd?: string): SessionSummary {
    const [last] = this.journal.listSessions({ limit: 1, ...(cwd ? { cwd } : {}) });
    if (!last) throw new SessionNotFoundError(cwd ? `in ${cwd}` : "yet");
    return last;
  }

  /** One session's summary, or undefined when there is none with that id. */
  session(sessionId: string): SessionSummary | undefined {
    return this.journal.getSession(sessionId);
  }

  /** Sessions, newest first. */
  sessions(options?: { limit?: number; cwd?: string }): SessionSummary[] {
    return this.journal.listSessions(options);
  }

  /**
   * Copies a session's conversation up to the start of turn `atTurn` (default: all of it) into a new session and
   * returns the new id. Files are not touched (see checkpoints for that).
   */
  async fork(sessionId: string, options: { atTurn?: number } = {}): Promise<string> {
    if (!this.journal.getSession(sessionId)) throw new SessionNotFoundError(`with id "${sessionId}"`);
    const events: AgentEvent[] = [];
    let turns = 0;
    for await (const { event } of this.journal.read(sessionId)) {
      if (event.type === "turn.started") {
        if (options.atTurn !== undefined && event.turn >= options.atTurn) break;
        turns++;
      }
      if (event.type === "session.started") {
        events.push({ ...event, forkedFrom: { sessionId, turn: options.atTurn ?? turns } });
      } else if (event.type !== "session.ended") {
        events.push(event);
      }
    }
    if (options.atTurn !== undefined && options.atTurn > turns) {
      throw new InvalidInputError(
        `Session ${sessionId} has ${turns} turns; cannot fork at turn ${options.atTurn}.`,
      );
    }
    const forkId = newId("ses_");
    this.journal.append(forkId, events);
    // A fork cut in the middle of a turn would look like a crash; close that turn explicitly.
    const state = await loadState(forkId, this.journal.read(forkId));
    const last = state.turns.at(-1);
    if (last?.status === "running") {
      const session = new LiveSession(state, this.journal);
      await recoverInterruptedCalls(session);
      session.append({ type: "turn.interrupted", turnId: last.turnId, reason: "forked here" });
    }
    // Closed as `forked` (not yet run), so it never looks like a crashed run.
    this.journal.append(forkId, [{ type: "session.ended", reason: "forked" }]);
    await this.journal.flush();
    return forkId;
  }

  /** Reads a session's journal. */
  events(sessionId: string, fromSeq?: number): AsyncIterable<StoredEvent> {
    return this.journal.read(sessionId, fromSeq);
  }

  /** Flushes and closes the journal (when the agent opened it). */
  async close(): Promise<void> {
    if (this.ownsJournal) await this.journal.close();
    else await this.journal.flush();
  }

  private launch(
    sessionId: string,
    sessionOrReady: LiveSession | Promise<LiveSession>,
    message: string | undefined,
    signal?: AbortSignal,
  ): AgentRun {
    // Detached from the caller's signal when the run ends, so a long-lived signal does not collect one per run.
    const { controller, dispose } = childController(signal);
    const isNew = sessionOrReady instanceof LiveSession;
    const ready = Promise.resolve(sessionOrReady).then((session) => {
      if (this.running.has(session.id)) throw new SessionRunningError(session.id);
      this.running.add(session.id);
      return { session, firstSeq: isNew ? 1 : session.state.lastSeq + 1 };
    });
    const result = ready
      .then(({ session }) =>
        this.drive(session, message, controller.signal).finally(() => {
          this.running.delete(session.id);
          session.hub.close();
        }),
      )
      .finally(dispose);
    return new AgentRun(sessionId, ready, result, controller);
  }

  private async drive(
    session: LiveSession,
    message: string | undefined,
    signal: AbortSignal,
  ): Promise<RunResult> {
    const usageBefore = { ...session.state.usage };
    const last = session.state.turns.at(-1);
    const unfinished = last && last.status !== "completed" ? last : undefined;
    if (!message && !unfinished) {
      // A crash between `turn.completed` and `session.ended` leaves only the end to journal.
      if (isUnendedCompletedRun(session))
        return this.end(session, { kind: "final", text: "" }, signal, usageBefore);
      throw new NothingToResumeError(session.id);
    }
    if (unfinished) await recoverInterruptedCalls(session);
    // The task is journaled before anything that can fail, so a bad key or model never loses it.
    let turnId = unfinished?.turnId ?? startTurn(session, message!);
    let move: NextMove;
    let services: SessionServices | undefined;
    try {
      services = await buildSessionServices(session, this.options, this.artHome);
      const runtime: TurnRuntime = {
        session,
        model: services.model,
        registry: new ToolRegistry(services.tools),
        gate: services.gate,
        commands: services.commands,
        signal,
        maxSteps: this.options.maxSteps ?? 100,
        compactAtTokens: Math.floor(services.model.contextWindow * (this.options.compactAt ?? 0.85)),
        hooks: services.hooks,
        ...(this.options.instructions ? { instructions: this.options.instructions } : {}),
      };
      move = await runTurn(runtime, turnId);
      if (unfinished && message && move.kind === "final") {
        turnId = startTurn(session, message);
        move = await runTurn(runtime, turnId);
      }
    } catch (error) {
      // Failures before the turn could run land here, and a journal that cannot store runTurn's own end (a full
      // disk): that turn has its terminal event already, in memory, and must not get a second one.
      move = { kind: "failed", error: describeError(error) };
      if (session.state.turns.at(-1)?.status === "running")
        session.append({ type: "turn.failed", turnId, error: move.error });
    } finally {
      await services?.dispose();
    }
    return this.end(session, move, signal, usageBefore);
  }

  /** Journals `session.ended` for this run and builds its result. */
  private async end(
    session: LiveSession,
    move: NextMove,
    signal: AbortSignal,
    usageBefore: RunResult["usage"],
  ): Promise<RunResult> {
    const status = move.kind === "final" ? "completed" : move.kind === "failed" ? "failed" : "interrupted";
    session.append({
      type: "session.ended",
      reason: status === "interrupted" && signal.aborted ? "cancelled" : status,
    });
    await session.flush();
    const after = session.state.usage;
    return {
      sessionId: session.id,
      status,
      finalMessage: session.state.turns.at(-1)?.lastText ?? "",
      usage: {
        inputTokens: after.inputTokens - usageBefore.inputTokens,
        outputTokens: after.outputTokens - usageBefore.outputTokens,
        cachedInputTokens: after.cachedInputTokens - usageBefore.cachedInputTokens,
        reasoningTokens: after.reasoningTokens - usageBefore.reasoningTokens,
      },
      ...(move.kind === "failed" ? { error: move.error } : {}),
    };
  }
}
