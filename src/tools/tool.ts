import type { z } from "zod";
import type { AgentEvent, SessionSettings } from "../core/index.js";
import type { FilePolicy } from "../workspace/index.js";

/** What a tool may do to the world; decides parallelism and the default policy. */
export type ToolEffects = "read" | "write" | "exec";

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

/** Everything a tool gets besides its arguments. */
export interface ToolContext {
  /** The workspace root (absolute). Paths resolve against it. */
  cwd: string;
  callId: string;
  turnId: string;
  settings: SessionSettings;
  /** Fires when the turn is cancelled; tools must stop promptly. */
  signal: AbortSignal;
  /** Journals an event (exec output, plan updates, patch summaries). */
  emit(event: AgentEvent): void;
  /** Runs shell commands under the session's sandbox. */
  commands: CommandRunner;
  /**
   * The session's sandbox policy as file tools apply it (see `filePolicyFrom`): file tools never read or write
   * what a sandboxed command of the session could not. Absent, they apply the default sandbox's rules to `cwd`.
   */
  files?: FilePolicy;
}

/** What a tool returns to the model. */
export interface ToolResult {
  /** Text the model reads (the orchestrator truncates it for the context window). */
  output: string;
  /** False when the tool ran but failed (non-zero exit, patch did not apply, ...). Defaults to true. */
  ok?: boolean;
  /** Set when the sandbox probably caused the failure; lets the approval flow offer a run without it. */
  sandboxDenied?: string;
}

/**
 * A capability the model can call. Arguments are validated with `schema` before `run` sees them; invalid
 * arguments become an error result the model can read, never a crash.
 */
export interface Tool<A = unknown> {
  /** Name the model calls it by. */
  name: string;
  /** What it does, for the model. */
  description: string;
  /** The arguments' shape; also rendered as the JSON Schema sent to the model. */
  schema: z.ZodType<A>;
  effects: ToolEffects;
  run(args: A, context: ToolContext): Promise<ToolResult>;
}

/** Erases a tool's argument type so tools of different shapes fit in one registry. */
export function defineTool<A>(tool: Tool<A>): Tool<unknown> {
  return tool as Tool<unknown>;
}
