import { mkdirSync } from "node:fs";
import path from "node:path";
import type { AgentEvent, SessionSettings, StoredEvent } from "../core/index.js";
import { childController, InvalidInputError, newId, resolveArtHome } from "../core/index.js";
import type { ModelClient, RequestGate } from "../model/index.js";
import {
  AgentRun,
  type ApprovalAnswer,
  type ApprovalHandler,
  changeSessionSettings,
  type DriveRequest,
  driveRun,
  emptyState,
  forkSession,
  LiveSession,
  loadState,
  NothingToResumeError,
  newSessionSettings,
  resolveModel,
  type ServicesOptions,
  SessionNotFoundError,
  SessionRunningError,
  type SessionState,
  type SettingsChange,
} from "../orchestrator/index.js";
import type { Journal, SessionQuery, SessionSummary } from "../store/index.js";
import type { EditorFiles, Tool } from "../tools/index.js";
import { type AgentDefinition, isAgentDefinition } from "./agent-definition.js";
import { definitionRecord } from "./definition-record.js";
import { DefinitionRequiredError } from "./errors/index.js";
import { teamContextOf, teamDefinition, teamDrive, teamResumeTools } from "./handoff-session.js";
import { AI_SDK_SPEC_PREFIX, clientOfModelObject, modelSpecOf } from "./model-of.js";
import { type LegacyDefinition, resumeDefinition } from "./resume-definition.js";
import { type RewindResult, rewindSession } from "./rewind-session.js";
import { selectTools } from "./select-tools.js";

/** What a process has, given once to {@link Runtime.open}. */
export interface RuntimeOptions {
  /** Where data lives; default `$ART_HOME` (of `env`) or `~/.art`. */
  artHome?: string;
  /** The journal; default SQLite at `<artHome>/art.db`, which the runtime then closes. */
  journal?: Journal;
  /** Environment keys are read from and command environments built from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /**
   * Provider limits shared by every session of this runtime (e.g. a `SharedRateLimits`): each model request waits
   * for its pass, and a 429 on one session's key makes all sessions on that key wait on one backoff.
   */
  requestGate?: RequestGate;
}

/** How one call asks for a run. */
interface CallOptions {
  signal?: AbortSignal;
  /** Answers this run's approval requests; without one, `ask` is denied and the model is told. */
  onApproval?: ApprovalHandler;
  /**
   * Without `onApproval`: on `ask`, suspend the turn instead of denying — the run ends `awaiting-approval`
   * (`RunResult.awaitingApprovals`), holding nothing (model client, audit log, sandbox, the session's lease), and
   * continues when a `resume` brings the answer (`ResumeOptions.approval`), in this process or another, later.
   */
  suspendOnApproval?: boolean;
  /**
   * A JSON Schema the final message should satisfy: passed to the model as its response format (where the
   * provider supports one) for this run's turns. Checking the answer is the caller's (the CLI's `--output-schema`).
   */
  outputSchema?: Record<string, unknown>;
  /**
   * The editor's files (ACP `fs/*`) when an editor drives this run: the built-in file tools read and write through
   * it, after the same path checks (see `ToolContext.editor`). Not journaled: a later run without an editor uses
   * the disk.
   */
  editorFiles?: EditorFiles;
}

/** Where and how {@link Runtime.run} starts a session. */
export interface RunOptions extends CallOptions {
  /** The workspace (default: the process's cwd). */
  cwd?: string;
  /** The new session's id (default: a fresh one); a graph's agent node derives it from its task. */
  sessionId?: string;
  /** The `spawn_agent` call that starts this session as a sub-agent: journaled in its `session.started`. */
  parent?: { sessionId: string; callId: string; agent: string };
  /**
   * The agents `agent.handoffs` (and theirs) name: the session's handoff team, journaled whole with its first
   * definition. An unknown name fails the run with `agent.unknown_handoff` before any session exists.
   */
  agents?: readonly AgentDefinition[];
}

/** How {@link Runtime.resume} continues a session. */
export interface ResumeOptions extends CallOptions {
  /**
   * The agent the session was started with: it supplies the implementations (its own tools, an AI SDK model
   * object). Its prompt and tools must be the journaled ones (else `runtime.definition_changed`); its settings do not
   * apply (use `settings`). Without it, the session runs under its journaled definition with the built-in tools.
   */
  agent?: AgentDefinition;
  /** Seconds a model stream may send nothing before the attempt is retried (default: `agent`'s, else 120). */
  modelIdleTimeoutSec?: number;
  /** Run under `agent`'s prompt and tools even where they differ: journaled first as `definition.changed`. */
  adoptDefinition?: boolean;
  /** A follow-up message: starts a new turn (after the unfinished one, if any, is finished). */
  message?: string;
  /** Settings to change first; journaled as `settings.changed`. */
  settings?: SettingsChange;
  /**
   * For sessions from earlier builds, which journaled no rule files, child environment, checkpoint setting or
   * instructions (before event schema 2) or no definition (before 3): what fills them in, once (default:
   * `agent`'s). The CLI passes config.toml's.
   */
  legacy?: ServicesOptions["legacy"] & LegacyDefinition;
  /**
   * The answer to an approval the suspended session waits for (`RunResult.awaitingApprovals`): journaled first
   * (`approval.decided`, `by` default `api`), then the turn continues. Refused unless the session is suspended on
   * exactly that approval.
   */
  approval?: { approvalId: string; decision: ApprovalAnswer; by?: string };
  /**
   * Without `agent`: implementations of journaled tools that are not built-ins (a sub-agent's `spawn_agent`);
   * each must declare exactly what the journal holds.
   */
  tools?: readonly Tool<unknown>[];
  /**
   * For a session with a handoff team: the team's library definitions, which implement their members' own tools,
   * model objects and input filters (the journal holds everything else, so sessions of file agents need none).
   * With a team, `agent` only adds to these: the session runs as its journaled active agent.
   */
  agents?: readonly AgentDefinition[];
}

/** What {@link Runtime.stats} reports: how many sessions this runtime holds in memory now. */
export interface RuntimeStats {
  /** Sessions with a run of this runtime in memory (state, hub, writer); finished ones are dropped. */
  liveSessions: number;
  /** Sessions a run or resume has taken, from the call to its end (a superset of the live ones while preparing). */
  busySessions: number;
}

/** A run ready to drive: its session (claimed), the checked model client, and how to build its services. */
interface Prepared {
  session: LiveSession;
  model: ModelClient;
  firstSeq: number;
  services: ServicesOptions;
  /** The agent the session runs as when the run starts (`--json` lines carry the active agent). */
  agent: string;
  /** Handoffs, for sessions with a handoff team. */
  drive?: Pick<DriveRequest, "handoffs" | "switchAgent">;
}

/**
 * Hosts agent sessions for one process: opened once over a journal, it runs {@link AgentDefinition}s and resumes,
 * forks, rewinds and follows their sessions. Every session is a journal; what an agent run does is an event in it,
 * starting with the effective definition it runs under.
 */
export class Runtime {
  private readonly live = new Map<string, LiveSession>();
  /** Sessions a run or resume of this runtime has taken, from the call (before its session is ready) to its end. */
  private readonly busy = new Set<string>();
  /**
   * Starts the journal's writer thread (SQLite, when this runtime opened it) at the first run or resume, so its
   * start-up overlaps the model and rule checks instead of delaying the first durable flush; runtimes that only
   * read (`art sessions`, `art show`) never start it.
   */
  private startWriting: () => void = () => {};
  /** The shared provider limits model clients built from specs wait on (see {@link RuntimeOptions.requestGate}). */
  requestGate: RequestGate | undefined;

  private constructor(
    /** Where data lives. */
    readonly artHome: string,
    /** The journal all sessions are kept in. */
    readonly journal: Journal,
    /** The environment keys and command environments come from. */
    readonly env: NodeJS.ProcessEnv,
    private readonly ownsJournal: boolean,
  ) {}

  /** Opens the runtime: the data directory and the journal. */
  static async open(options: RuntimeOptions = {}): Promise<Runtime> {
    const env = options.env ?? process.env;
    const artHome = resolveArtHome(env, options.artHome);
    mkdirSync(artHome, { recursive: true });
    if (options.journal) {
      const runtime = new Runtime(artHome, options.journal, env, false);
      runtime.requestGate = options.requestGate;
      return runtime;
    }
    const { openSqliteJournal } = await import("../store/index.js");
    const journal = openSqliteJournal({ path: path.join(artHome, "art.db") });
    const runtime = new Runtime(artHome, journal, env, true);
    runtime.requestGate = options.requestGate;
    runtime.startWriting = () => journal.startWriterEarly();
    return runtime;
  }

  /**
   * Starts a new session of `agent` on `task`. The model (spec, provider, key) and the rule files are checked
   * first: when one is wrong, `result` rejects with its typed error and no session is created. `session.started`
   * journals the settings and the effective definition (system prompt, tools and their schemas, limits).
   */
  run(agent: AgentDefinition, task: string, options: RunOptions = {}): AgentRun {
    if (!isAgentDefinition(agent))
      throw new InvalidInputError("run() takes an agent made by defineAgent.", {
        hint: "Pass defineAgent({ name, model, ... }); a copy or a plain object is not checked.",
      });
    if (!task.trim())
      throw new InvalidInputError("The task is empty.", { hint: "Say what the agent should do." });
    const cwd = path.resolve(options.cwd ?? process.cwd());
    const sessionId = options.sessionId ?? newId("ses_");
    const reserved = this.reserve(sessionId);
    this.startWriting();
    const prepare = async (): Promise<Prepared> => {
      if (!reserved) throw new SessionRunningError(sessionId);
      if (options.sessionId !== undefined && (await this.journal.getSession(sessionId)))
        throw new InvalidInputError(`A session with id ${sessionId} exists already; resume it instead.`);
      const team = await teamDefinition(agent, options.agents ?? []);
      const tools = team?.tools ?? selectTools(agent.tools);
      const definition = team?.definition ?? definitionRecord(agent, tools);
      const spec = await modelSpecOf(agent.model);
      // Both checks at once: each loads its own modules (the provider package, the rule parsers).
      const [settings, model] = await Promise.all([
        newSessionSettings(agent, spec, cwd, this.artHome),
        this.modelFor(
          sessionId,
          { model: spec, ...(agent.baseUrl ? { baseUrl: agent.baseUrl } : {}) },
          agent,
        ),
      ]);
      const session = new LiveSession(
        emptyState(sessionId),
        this.journal,
        await this.journal.acquire(sessionId),
      );
      this.claim(session, [
        {
          type: "session.started",
          cwd,
          settings,
          definition,
          ...(options.parent ? { parent: { ...options.parent } } : {}),
        },
      ]);
      const drive = team
        ? teamDrive(team.context, { state: session.state, client: model }, (state, library) =>
            this.modelFor(sessionId, state.settings, library),
          )
        : undefined;
      return {
        session,
        model,
        firstSeq: 1,
        services: this.services(tools, options),
        agent: agent.name,
        ...(drive ? { drive } : {}),
      };
    };
    return this.launch(sessionId, reserved, prepare(), task, options);
  }

  /**
   * Continues a session from its journal under its journaled settings and definition (see
   * {@link ResumeOptions.agent}), optionally with a follow-up message that starts a new turn. `settings` changes
   * some settings first (`settings.changed`); a new model is checked before that, so a typo changes nothing.
   */
  resume(sessionId: string, options: ResumeOptions = {}): AgentRun {
    const reserved = this.reserve(sessionId);
    this.startWriting();
    const prepare = async (): Promise<Prepared> => {
      if (!reserved) throw new SessionRunningError(sessionId);
      if (!(await this.journal.getSession(sessionId)))
        throw new SessionNotFoundError(`with id "${sessionId}"`);
      const state = await loadState(sessionId, this.journal.read(sessionId));
      const answered = options.approval ? waitingCall(state, options.approval.approvalId) : undefined;
      const last = state.turns.at(-1);
      // A completed turn whose run died before `session.ended` still has its end to journal (the drive does that).
      if (!options.message && (!last || last.status === "completed") && !(last && state.ended === undefined))
        throw new NothingToResumeError(sessionId);
      const { agent } = options;
      if (agent !== undefined && !isAgentDefinition(agent))
        throw new InvalidInputError("resume() takes an agent made by defineAgent.");
      const legacy = options.legacy ?? legacyOf(agent);
      // A session with a handoff team runs as its journaled active agent; the given definitions implement it.
      const team = state.definition?.handoffs
        ? teamContextOf([agent, ...(options.agents ?? [])], options.tools)
        : undefined;
      const resumeTools = team ? teamResumeTools(state, team) : options.tools;
      const resumed = resumeDefinition(state, team ? undefined : agent, {
        adopt: options.adoptDefinition === true,
        legacy,
        ...(resumeTools ? { tools: resumeTools } : {}),
      });
      const { settings, changed } = await changeSessionSettings(state.settings, options.settings, {
        cwd: state.cwd,
        artHome: this.artHome,
        legacyRuleFiles: legacy.ruleFiles,
      });
      const active = team ? team.definitions.get(state.definition!.name) : agent;
      const model = await this.modelFor(sessionId, settings, active, options.modelIdleTimeoutSec);
      const session = new LiveSession(state, this.journal, await this.journal.acquire(sessionId));
      // Taken before the first events fold into `state`: the run's events start with them.
      const firstSeq = state.lastSeq + 1;
      const first: AgentEvent[] = [];
      if (answered && options.approval) {
        const { approvalId, decision, by } = options.approval;
        first.push({ type: "approval.decided", approvalId, callId: answered, decision, by: by ?? "api" });
      }
      if (changed.length > 0) first.push({ type: "settings.changed", settings, changed, by: "resume" });
      if (resumed.changed)
        first.push({
          type: "definition.changed",
          definition: resumed.definition,
          changed: resumed.changed,
          by: "resume",
        });
      this.claim(session, first);
      // Durable before the run acts under the new rules (or on the answer): a crash must not leave effects of a
      // change the journal does not know about.
      if (first.length > 0) await this.flushOrRelease(session);
      const services = { ...this.services(resumed.tools, options), legacy };
      const drive = team
        ? teamDrive(team, { state: session.state, client: model }, (now, library) =>
            this.modelFor(sessionId, now.settings, library, options.modelIdleTimeoutSec),
          )
        : undefined;
      const name = state.definition?.name ?? "agent";
      return { session, model, firstSeq, services, agent: name, ...(drive ? { drive } : {}) };
    };
    return this.launch(sessionId, reserved, prepare(), options.message, options);
  }

  /**
   * Copies a session's conversation up to the start of turn `atTurn` (0-based; default: all of it) into a new
   * session, with the settings and definition it had there, and returns the new id. Files are not touched (see
   * {@link Runtime.rewind}).
   */
  fork(sessionId: string, options: { atTurn?: number } = {}): Promise<string> {
    return forkSession(this.journal, sessionId, options);
  }

  /**
   * Puts the session's workspace files back as they were at the start of turn `toTurn` (0-based) and forks the
   * conversation there. The current files are snapshotted first, so the rewind can be undone
   * (`result.undoCheckpoint`). Refused while the session runs in this runtime.
   */
  rewind(sessionId: string, options: { toTurn: number }): Promise<RewindResult> {
    if (this.busy.has(sessionId)) return Promise.reject(new SessionRunningError(sessionId));
    return rewindSession(this, sessionId, options.toTurn);
  }

  /**
   * A session's events from `fromSeq` (default 1). While it runs in this runtime: live until its run ends (a slow
   * reader catches up from the journal, memory stays bounded). Otherwise what its journal holds — and with
   * `follow`, then every event any other process appends to it (`Journal.tail`), until `signal` aborts or, with
   * `untilEnded`, a run of it ends. Every event is exactly what the journal stored.
   */
  subscribe(
    sessionId: string,
    fromSeq = 1,
    options: { follow?: boolean; untilEnded?: boolean; signal?: AbortSignal } = {},
  ): AsyncIterableIterator<StoredEvent> {
    const session = this.live.get(sessionId);
    if (session)
      return session.hub.subscribe({ fromSeq, ...(options.signal ? { signal: options.signal } : {}) });
    const events = options.follow
      ? this.journal.tail(sessionId, fromSeq, {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.untilEnded ? { untilEnded: true } : {}),
        })
      : this.journal.read(sessionId, fromSeq);
    return events[Symbol.asyncIterator]() as AsyncIterableIterator<StoredEvent>;
  }

  /** One session's summary, or undefined when there is none with that id. */
  session(sessionId: string): Promise<SessionSummary | undefined> {
    return this.journal.getSession(sessionId);
  }

  /** Sessions, newest first (see `Journal.listSessions` for filters and paging by cursor). */
  async sessions(options?: SessionQuery): Promise<SessionSummary[]> {
    return (await this.journal.listSessions(options)).sessions;
  }

  /**
   * How many sessions this runtime holds in memory. A finished or suspended session holds nothing here: it lives in
   * the journal and is rebuilt from it by `resume`, `subscribe` or `session`.
   *
   * @example
   * ```ts
   * await runtime.run(agent, "fix it").result;
   * runtime.stats(); // { liveSessions: 0, busySessions: 0 }
   * ```
   */
  stats(): RuntimeStats {
    return { liveSessions: this.live.size, busySessions: this.busy.size };
  }

  /** Flushes and closes the journal (when the runtime opened it). */
  async close(): Promise<void> {
    if (this.ownsJournal) await this.journal.close();
    else await this.journal.flush();
  }

  private services(tools: ServicesOptions["tools"], options: CallOptions): ServicesOptions {
    return {
      artHome: this.artHome,
      env: this.env,
      tools,
      ...(options.onApproval ? { onApproval: options.onApproval } : {}),
      ...(options.suspendOnApproval ? { suspendOnApproval: true } : {}),
      ...(options.editorFiles ? { editor: options.editorFiles } : {}),
    };
  }

  /** The client for the session's model: the definition's model object when it is that model, else from the spec. */
  private async modelFor(
    sessionId: string,
    settings: Pick<SessionSettings, "model" | "baseUrl">,
    agent: AgentDefinition | undefined,
    idleTimeoutSec?: number,
  ): Promise<ModelClient> {
    const idle = idleTimeoutSec ?? agent?.modelIdleTimeoutSec;
    const client =
      agent && typeof agent.model !== "string"
        ? await clientOfModelObject(agent.model, this.env, idle)
        : undefined;
    if (client?.spec === settings.model) return client;
    if (settings.model.startsWith(AI_SDK_SPEC_PREFIX))
      throw new DefinitionRequiredError(sessionId, `its AI SDK model object (${settings.model})`);
    return resolveModel(settings, {
      env: this.env,
      modelIdleTimeoutSec: idle,
      ...(this.requestGate ? { requestGate: this.requestGate } : {}),
    });
  }

  /** Takes a session for one run; false when a run of this runtime has it already. */
  private reserve(sessionId: string): boolean {
    if (this.busy.has(sessionId)) return false;
    this.busy.add(sessionId);
    return true;
  }

  /** Makes a reserved session live (followed by `subscribe`), then journals its first events. */
  private claim(session: LiveSession, first: AgentEvent[]): void {
    this.live.set(session.id, session);
    try {
      if (first.length > 0) session.append(...first);
    } catch (error) {
      this.live.delete(session.id);
      throw error;
    }
  }

  private async flushOrRelease(session: LiveSession): Promise<void> {
    try {
      await session.flush();
    } catch (error) {
      this.release(session);
      throw error;
    }
  }

  private release(session: LiveSession): void {
    if (this.live.get(session.id) === session) this.live.delete(session.id);
    session.hub.close();
    // A run that ended journaled `session.ended`, which gave the lease up already; one that failed before that
    // (a full disk, a prepare step after the lease was taken) must not keep it renewing for the process's life.
    session.writer.release().catch(() => {});
  }

  private launch(
    sessionId: string,
    reserved: boolean,
    prepared: Promise<Prepared>,
    message: string | undefined,
    options: CallOptions,
  ): AgentRun {
    // A run that never got going gives its session back; one that did, when it ends (below).
    if (reserved) prepared.catch(() => this.busy.delete(sessionId));
    // Detached from the caller's signal when the run ends, so a long-lived signal does not collect one per run.
    const { controller, dispose } = childController(options.signal);
    const startedAt = Date.now();
    const result = prepared.then(({ session, model, services, drive }) =>
      driveRun({
        session,
        model,
        message,
        signal: controller.signal,
        startedAt,
        services,
        ...drive,
        ...(options.outputSchema ? { outputSchema: options.outputSchema } : {}),
      }).finally(() => {
        this.release(session);
        this.busy.delete(sessionId);
      }),
    );
    result.then(dispose, dispose);
    return new AgentRun(sessionId, prepared, result, controller);
  }
}

/**
 * The call of a suspended session that waits for `approvalId`; throws when the session is not suspended on it, so
 * an answer is never journaled for a question no one is waiting on.
 */
function waitingCall(state: SessionState, approvalId: string): string {
  const call = [...state.pending.values()].find((pending) => pending.approvalId === approvalId);
  if (state.ended !== "awaiting-approval" || !call) {
    const why =
      state.ended === "awaiting-approval" ? "it waits for another one" : "it is not suspended on approvals";
    throw new InvalidInputError(
      `Session ${state.sessionId} is not waiting for approval ${approvalId} (${why}).`,
      {
        hint: "Answer an approval its last run reported in awaitingApprovals; resume without one to be asked again.",
      },
    );
  }
  return call.callId;
}

/** What a resuming definition fills in for sessions from before event schema 2. */
function legacyOf(agent: AgentDefinition | undefined): NonNullable<ResumeOptions["legacy"]> {
  if (!agent) return {};
  return {
    ...(agent.ruleFiles ? { ruleFiles: agent.ruleFiles } : {}),
    ...(agent.childEnv ? { childEnv: agent.childEnv } : {}),
    ...(agent.checkpoints !== undefined ? { checkpoints: agent.checkpoints } : {}),
    ...(agent.instructions !== undefined ? { instructions: agent.instructions } : {}),
    ...(agent.sandboxReads ? { sandboxReads: agent.sandboxReads } : {}),
    ...(agent.loginShell ? { loginShell: true } : {}),
  };
}
