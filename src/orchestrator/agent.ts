import type { StoredEvent } from "../core/index.js";
import { InvalidInputError } from "../core/index.js";
import type { ModelClient } from "../model/index.js";
import type { AgentDefinition, AgentDefinitionInput, Runtime } from "../runtime/index.js";
import type { Journal, SessionSummary } from "../store/index.js";
import type { Tool } from "../tools/index.js";
import type { AgentRun } from "./agent-run.js";
import type { ApprovalAnswer, ApprovalHandler } from "./approval.js";
import { SessionNotFoundError } from "./session-errors.js";
import type { SettingsChange } from "./settings-change.js";

/**
 * How to build an {@link Agent}: an agent definition's fields (all optional; `model` is needed to start) and the
 * runtime's (`artHome`, `journal`, `env`) in one object.
 * @deprecated Use `Runtime.open({ artHome, journal, env })` and `defineAgent({ ... })`.
 */
export interface AgentOptions extends Partial<Omit<AgentDefinitionInput, "name" | "model" | "tools">> {
  /** Model for new sessions: a spec such as `anthropic:claude-sonnet-4-5`, or a client. Resume uses the session's own. */
  model?: string | ModelClient;
  /** Where data lives; default `$ART_HOME` or `~/.art`. */
  artHome?: string;
  /** The journal; default SQLite at `<artHome>/art.db`. */
  journal?: Journal;
  /** Environment the runtime reads keys from and builds command environments from; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Answers approval requests; without one, `ask` is denied and the model is told (see `suspendOnApproval`). */
  onApproval?: ApprovalHandler;
  /** Without `onApproval`: suspend the turn on `ask` instead of denying (see `RunOptions.suspendOnApproval`). */
  suspendOnApproval?: boolean;
  /** Extra tools, added to (or replacing, by name) the built-ins. */
  tools?: Tool<unknown>[];
}

/** Where a run starts. @deprecated Use `Runtime.run`'s options. */
export interface StartOptions {
  /** The workspace (default: the process's cwd). */
  cwd?: string;
  signal?: AbortSignal;
  /** The new session's id (default: a fresh one); a graph's agent node derives it from its task. */
  sessionId?: string;
  /** A JSON Schema the final message should satisfy (see `RunOptions.outputSchema`). */
  outputSchema?: Record<string, unknown>;
}

/** How to resume a session. @deprecated Use `Runtime.resume`'s options. */
export interface ResumeOptions {
  /** A follow-up message: starts a new turn (after the unfinished one, if any, is finished). */
  message?: string;
  /** Settings to change first; journaled as `settings.changed`. */
  settings?: SettingsChange;
  signal?: AbortSignal;
  /** As {@link StartOptions.outputSchema}. */
  outputSchema?: Record<string, unknown>;
  /** The answer to the approval a suspended session waits for (see `RuntimeResumeOptions.approval`). */
  approval?: { approvalId: string; decision: ApprovalAnswer; by?: string };
}

/**
 * The pre-Runtime entry point, kept as a thin shim for existing callers (the graph's agent node): one
 * {@link Runtime} and one definition built from {@link AgentOptions}. Its resumes pass that definition, so they
 * are refused (`runtime.definition_changed`) when its prompt or tools differ from the session's.
 * @deprecated Use `Runtime` and `defineAgent`.
 */
export class Agent {
  private constructor(
    private readonly runtime: Runtime,
    private readonly options: AgentOptions,
    private readonly definition: AgentDefinition | undefined,
  ) {}

  /** Where data lives. */
  get artHome(): string {
    return this.runtime.artHome;
  }

  /** The journal all sessions are kept in. */
  get journal(): Journal {
    return this.runtime.journal;
  }

  /** Opens the runtime and returns a ready agent. */
  static async create(options: AgentOptions = {}): Promise<Agent> {
    // Loaded when used: the runtime imports this folder, so a static import would be a cycle.
    const { BUILTIN_TOOL_NAMES, defineAgent, Runtime } = await import("../runtime/index.js");
    const runtime = await Runtime.open({
      ...(options.artHome ? { artHome: options.artHome } : {}),
      ...(options.journal ? { journal: options.journal } : {}),
      ...(options.env ? { env: options.env } : {}),
    });
    const {
      artHome: _artHome,
      journal: _journal,
      env: _env,
      onApproval: _onApproval,
      suspendOnApproval: _suspendOnApproval,
      tools,
      model,
      ...rest
    } = options;
    const replaced = new Set((tools ?? []).map((tool) => tool.name));
    const definition = model
      ? defineAgent({
          ...rest,
          name: "agent",
          model,
          tools: { builtins: BUILTIN_TOOL_NAMES.filter((name) => !replaced.has(name)), extra: tools ?? [] },
        })
      : undefined;
    return new Agent(runtime, options, definition);
  }

  /** Starts a new session on `task` in `options.cwd` (see `Runtime.run`). */
  start(task: string, options: StartOptions = {}): AgentRun {
    if (!this.definition)
      throw new InvalidInputError("No model was given.", { hint: "Pass --model, e.g. openai:gpt-5." });
    return this.runtime.run(this.definition, task, { ...options, ...this.approvals() });
  }

  /** Continues a session from its journal (see `Runtime.resume`). */
  resume(sessionId: string, options: ResumeOptions = {}): AgentRun {
    const { ruleFiles, childEnv, checkpoints, instructions, sandboxReads, loginShell } = this.options;
    return this.runtime.resume(sessionId, {
      ...options,
      ...this.approvals(),
      ...(this.definition ? { agent: this.definition } : {}),
      legacy: {
        ...(ruleFiles ? { ruleFiles } : {}),
        ...(childEnv ? { childEnv } : {}),
        ...(checkpoints !== undefined ? { checkpoints } : {}),
        ...(instructions !== undefined ? { instructions } : {}),
        ...(sandboxReads ? { sandboxReads } : {}),
        ...(loginShell ? { loginShell } : {}),
      },
    });
  }

  /** The newest session, optionally only in `cwd`. */
  async lastSession(cwd?: string): Promise<SessionSummary> {
    const [last] = await this.runtime.sessions({ limit: 1, ...(cwd ? { cwd } : {}) });
    if (!last) throw new SessionNotFoundError(cwd ? `in ${cwd}` : "yet");
    return last;
  }

  /** One session's summary, or undefined when there is none with that id. */
  session(sessionId: string): Promise<SessionSummary | undefined> {
    return this.runtime.session(sessionId);
  }

  /** Sessions, newest first. */
  sessions(options?: { limit?: number; cwd?: string }): Promise<SessionSummary[]> {
    return this.runtime.sessions(options);
  }

  /** Forks a session (see `Runtime.fork`). */
  fork(sessionId: string, options: { atTurn?: number } = {}): Promise<string> {
    return this.runtime.fork(sessionId, options);
  }

  /** Reads a session's journal. */
  events(sessionId: string, fromSeq?: number): AsyncIterable<StoredEvent> {
    return this.runtime.journal.read(sessionId, fromSeq);
  }

  /** Flushes and closes the journal (when the agent opened it). */
  close(): Promise<void> {
    return this.runtime.close();
  }

  private approvals(): { onApproval?: ApprovalHandler; suspendOnApproval?: boolean } {
    return {
      ...(this.options.onApproval ? { onApproval: this.options.onApproval } : {}),
      ...(this.options.suspendOnApproval ? { suspendOnApproval: true } : {}),
    };
  }
}
