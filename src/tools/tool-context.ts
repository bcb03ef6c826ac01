import type { EventOf, SessionSettings } from "../core/index.js";
import type { FilePolicy } from "../workspace/index.js";
import type { EditorFiles } from "./editor-files.js";
import type { MemoryAccess } from "./memory-access.js";

/** Options for running one shell command on behalf of a tool. */
export interface CommandRequest {
  /** The script, run as `bash -c <command>` (`bash -lc` when the session asks for a login shell). */
  command: string;
  /** Absolute working directory. */
  cwd: string;
  /** Kill the whole process group after this long. */
  timeoutMs: number;
  /** Run without the sandbox (only after an approval said so). */
  unsandboxed?: boolean;
}

/** How a command ended. */
export interface CommandOutcome {
  exitCode: number | null;
  signal: string | null;
  /** stdout and stderr interleaved in arrival order, capped. */
  output: string;
  /** True when `output` hit the cap and the middle was dropped. */
  truncated: boolean;
  timedOut: boolean;
  durationMs: number;
  /** Set when the sandbox probably caused the failure: which layer and what it blocked. */
  sandboxDenied?: string;
}

/** Runs commands for tools: under the session's sandbox, streaming `exec.*` events. */
export interface CommandRunner {
  run(request: CommandRequest, context: { callId: string; signal: AbortSignal }): Promise<CommandOutcome>;
}

/** A progress report: journaled as `progress.reported`. */
export interface ProgressUpdate {
  /** What the tool is doing, in words. */
  message?: string;
  /** Structured progress; must be a JSON value (no cycles, functions, `undefined`, `NaN`, class instances). */
  data?: unknown;
}

/** One step of a plan (`update_plan`). */
export type PlanStep = EventOf<"plan.updated">["plan"][number];
/** One file a patch changed (`apply_patch`). */
export type PatchedFile = EventOf<"patch.applied">["files"][number];

/**
 * What a running tool can journal: typed, checked before anything is stored. A report that cannot be journaled
 * throws `tool.invalid_progress` and fails the call (even if the tool catches it); nothing malformed reaches the
 * journal. Reports made after the call has ended are dropped.
 */
export interface ToolProgress {
  /** Journals a `progress.reported` event for this call. */
  report(update: ProgressUpdate): void;
  /** Journals the agent's plan (`plan.updated`); the built-in `update_plan` uses it. */
  plan(update: { plan: PlanStep[]; explanation?: string }): void;
  /** Journals a `patch.applied` summary for this call; the built-in `apply_patch` uses it. */
  patchApplied(files: PatchedFile[]): void;
}

/** Everything a tool gets besides its arguments. */
export interface ToolContext {
  /** The session the call belongs to. */
  sessionId: string;
  /** The call's id (as the model gave it, or as the runtime assigned it). */
  callId: string;
  /** The turn the call belongs to. */
  turnId: string;
  /** The workspace root (absolute). Paths resolve against it. */
  cwd: string;
  /** The session's journaled settings. */
  settings: SessionSettings;
  /** Fires when the turn is cancelled; tools must stop promptly. */
  signal: AbortSignal;
  /**
   * Runs shell commands under the session's sandbox (streamed as `exec.*`). A tool whose `effects` are `read`
   * gets a runner that refuses (`tool.effects_violated`): running commands is not reading.
   */
  commands: CommandRunner;
  /** The typed progress channel (the only way a tool journals anything besides its result). */
  progress: ToolProgress;
  /**
   * The session's sandbox policy as file tools apply it (see `filePolicyFrom`): file tools never read or write
   * what a sandboxed command of the session could not. Absent, they apply the default sandbox's rules to `cwd`.
   */
  files?: FilePolicy;
  /** Makes what the call journaled so far (its progress reports) durable before it acts on it. */
  durable?: () => Promise<void>;
  /** The session's long-term memory (`remember`, `recall`); absent outside a session. */
  memory?: MemoryAccess;
  /**
   * The editor's files, when an editor drives the session and offers them (ACP `fs/*`): the built-in file tools
   * read and write through it after their own path checks. Absent, they use the disk directly.
   */
  editor?: EditorFiles;
}
