import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { SessionSettings, StoredEvent } from "../core/index.js";
import { childController, InvalidInputError, newId } from "../core/index.js";
import { absoluteScriptSpec } from "../model/absolute-script-spec.js";
import type { ModelClient } from "../model/model-client.js";
import type { Journal, SessionSummary } from "../store/journal.js";
import type { Tool } from "../tools/tool.js";
import { AgentRun } from "./agent-run.js";
import type { ApprovalHandler } from "./approval.js";
import { driveRun } from "./drive-run.js";
import { forkSession } from "./fork-session.js";
import { LiveSession } from "./live-session.js";
import { newSessionSettings } from "./new-session-settings.js";
import { resolveModel } from "./resolve-model.js";
import { NothingToResumeError, SessionNotFoundError, SessionRunningError } from "./session-errors.js";
import { emptyState, loadState } from "./session-state.js";
import { applySettingsChange, type SettingsChange } from "./settings-change.js";
import type { ToolGate } from "./tool-gate.js";

/**
 * How to build an {@link Agent}. Everything has a safe default. What governs a session (model, base URL, sandbox,
 * network, writable roots, approval, checkpoints, rule files, child environment, instructions) applies when a
 * session starts and is journaled with it; a resume runs under the journaled settings and changes them only through
 * `ResumeOptions.settings`.
 */
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
  /** Seconds a model stream may send nothing before the attempt is retried (default 120; `ART_MODEL_IDLE_TIMEOUT` wins). */
  modelIdleTimeoutSec?: number;
  /** Model steps allowed per turn (default 100). */
  maxSteps?: number;
  /** Compact when the context exceeds this fraction of the model's window (default 0.85). */
  compactAt?: number;
  /** More exec-policy rule files (any of the formats `SecurityPolicy` reads), besides the user and project layers. */
  ruleFiles?: string[];
  /** Environment variables commands may see besides the safe defaults, and ones to set. */
  childEnv?: { allow?: string[]; set?: Record<string, string> };
  /**
   * Reads of sandboxed commands: more absolute paths to deny, and default denied paths to allow again (take
   * `allow` only from the user, never from a project).
   */
  sandboxReads?: { deny?: string[]; allow?: string[] };
  /**
   * Run commands in a login shell (`bash -lc`), which sources the user's profile. Default false (`bash -c`): a
   * profile's output and side effects (`pyenv: cannot rehash` under a read-only $HOME) never reach the model.
   */
  loginShell?: boolean;
  /** Replaces the security gate (advanced; tests and embedders with their own policy). */
  gate?: ToolGate;
}

/** Where a run starts. */
export interface StartOptions {
  /** The workspace (default: the process's cwd). */
  cwd?: string;
  signal?: AbortSignal;
  /** The new session's id (default: a fresh one); a graph's agent node derives it from its task. */
  sessionId?: string;
  /**
   * A JSON Schema the final message should satisfy: passed to the model as its response format (where the
   * provider supports one) for this run's turns. Checking the answer is the caller's (the CLI's `--output-schema`).
   */
  outputSchema?: Record<string, unknown>;
}

/** How to resume a session. */
export interface ResumeOptions {
  /** A follow-up message: starts a new turn (after the unfinished one, if any, is finished). */
  message?: string;
  /** Settings to change first; journaled as `settings.changed`. Nothing else of this agent's options applies. */
  settings?: SettingsChange;
  signal?: AbortSignal;
  /** As {@link StartOptions.outputSchema}. */
  outputSchema?: Record<string, unknown>;
}

/** A run ready to drive: its session (claimed), the checked model client, and where its events begin. */
interface Prepared {
  session: LiveSession;
  model: ModelClient;
  firstSeq: number;
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
    // An agent is opened to run sessions: its writer thread starts while the model and the rules are checked.
    journal.startWriterEarly();
    return new Agent(options, artHome, journal, true);
  }

  /**
   * Starts a new session on `task` in `options.cwd`. The model (spec, provider, key) and the rule files are checked
   * first: when one is wrong, `result` rejects with its typed error and no session is created.
   */
  start(task: string, options: StartOptions = {}): AgentRun {
    if (!task.trim())
      throw new InvalidInputError("The task is empty.", { hint: "Say what the agent should do." });
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const sessionId = options.sessionId ?? newId("ses_");
    if (options.sessionId !== undefined && this.journal.getSession(sessionId))
      throw new InvalidInputError(`A session with id ${sessionId} exists already; resume it instead.`);
    const modelSpec = typeof this.options.model === "object" ? this.options.model.spec : this.options.model;
    if (!modelSpec)
      throw new InvalidInputError("No model was given.", { hint: "Pass --model, e.g. openai:gpt-5." });
    // A relative script path is pinned now, so a resume from another directory reads the same file.
    const spec = typeof this.options.model === "string" ? absoluteScriptSpec(modelSpec) : modelSpec;
    const prepare = async (): Promise<Prepared> => {
      // Both checks at once: each loads its own modules (the provider package, the rule parsers).
      const baseUrl = this.options.baseUrl;
      const [settings, model] = await Promise.all([
        newSessionSettings(this.options, spec, cwd, this.artHome),
        resolveModel({ model: spec, ...(baseUrl ? { baseUrl } : {}) }, this.options),
      ]);
      const session = new LiveSession(emptyState(sessionId), this.journal);
      this.claim(sessionId, () => session.append({ type: "session.started", cwd, settings }));
      return { session, model, firstSeq: 1 };
    };
    return this.launch(sessionId, prepare(), task, options);
  }

  /**
   * Continues a session from its journal under its own journaled settings, optionally with a follow-up message that
   * starts a new turn. `settings` changes some of them first, journaled as `settings.changed`; a new model is checked
   * before that, so a typo changes nothing.
   */
  resume(sessionId: string, options: ResumeOptions = {}): AgentRun {
    const prepare = async (): Promise<Prepared> => {
      if (!this.journal.getSession(sessionId)) throw new SessionNotFoundError(`with id "${sessionId}"`);
      const state = await loadState(sessionId, this.journal.read(sessionId));
      const last = state.turns.at(-1);
      // A completed turn whose run died before `session.ended` still has its end to journal (the drive does that).
      if (!options.message && (!last || last.status === "completed") && !(last && state.ended === undefined))
        throw new NothingToResumeError(sessionId);
      const { settings, changed } = await this.changedSettings(state.settings, state.cwd, options.settings);
      const model = await resolveModel(settings, this.options);
      const session = new LiveSession(state, this.journal);
      const firstSeq = state.lastSeq + 1;
      this.claim(sessionId, () => {
        if (changed.length > 0) session.append({ type: "settings.changed", settings, changed, by: "resume" });
      });
      // Durable before the run acts under the new settings: a crash must not leave effects of a change the journal
      // does not know about.
      if (changed.length > 0) await this.flushOrRelease(session);
      return { session, model, firstSeq };
    };
    return this.launch(sessionId, prepare(), options.message, options);
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
   * Copies a session's conversation up to the start of turn `atTurn` (0-based; default: all of it) into a new
   * session, with the settings it had there, and returns the new id. Files are not touched (see checkpoints).
   */
  fork(sessionId: string, options: { atTurn?: number } = {}): Promise<string> {
    return forkSession(this.journal, sessionId, options);
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

  /** Marks a session as run by this agent (throws when it already is), then journals its first events. */
  private claim(sessionId: string, journalFirst: () => void): void {
    if (this.running.has(sessionId)) throw new SessionRunningError(sessionId);
    this.running.add(sessionId);
    try {
      journalFirst();
    } catch (error) {
      this.running.delete(sessionId);
      throw error;
    }
  }

  private async flushOrRelease(session: LiveSession): Promise<void> {
    try {
      await session.flush();
    } catch (error) {
      this.running.delete(session.id);
      session.hub.close();
      throw error;
    }
  }

  private async changedSettings(
    current: SessionSettings,
    cwd: string,
    change: SettingsChange | undefined,
  ): Promise<{ settings: SessionSettings; changed: string[] }> {
    if (!change) return { settings: current, changed: [] };
    const { readRuleFiles, snapshotRuleLayers } = await import("./rule-snapshot.js");
    return applySettingsChange(current, change, {
      cwd,
      readRules: (files) => readRuleFiles(files, "extra"),
      // A session from before event schema 2 journaled no rules: keep the layers it has been reading.
      baseRules: () =>
        snapshotRuleLayers({ cwd, artHome: this.artHome, extra: this.options.ruleFiles ?? [] }),
    });
  }

  private launch(
    sessionId: string,
    prepared: Promise<Prepared>,
    message: string | undefined,
    options: { signal?: AbortSignal; outputSchema?: Record<string, unknown> },
  ): AgentRun {
    const { signal } = options;
    // Detached from the caller's signal when the run ends, so a long-lived signal does not collect one per run.
    const { controller, dispose } = childController(signal);
    const startedAt = Date.now();
    const result = prepared.then(({ session, model }) =>
      driveRun({
        session,
        model,
        message,
        signal: controller.signal,
        startedAt,
        options: this.options,
        artHome: this.artHome,
        ...(options.outputSchema ? { outputSchema: options.outputSchema } : {}),
      }).finally(() => {
        this.running.delete(session.id);
        session.hub.close();
      }),
    );
    result.then(dispose, dispose);
    return new AgentRun(sessionId, prepared, result, controller);
  }
}
