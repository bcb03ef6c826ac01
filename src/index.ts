/**
 * Agent Runtime: a runtime for autonomous coding agents.
 *
 * ```ts
 * import { Agent } from "agent-runtime";
 * const agent = await Agent.create({ model: "anthropic:claude-sonnet-4-5" });
 * const run = agent.start("fix the failing test", { cwd: "/path/to/repo" });
 * for await (const { event } of run.events()) if (event.type === "message.delta") process.stdout.write(event.delta);
 * const result = await run.result;
 * ```
 * @packageDocumentation
 */
export type {
  AgentEvent,
  AgentEventType,
  ChildEnvSettings,
  ConversationItem,
  EventOf,
  RuleFileSnapshot,
  SessionSettings,
  StoredEvent,
  ToolContentPart,
  Usage,
} from "./core/index.js";
export { AbortedError, ArtError, InvalidInputError } from "./core/index.js";
export type { ModelClient, ModelEvent, ModelRequest, ModelToolSpec } from "./model/model-client.js";
export {
  Agent,
  type AgentOptions,
  AgentRun,
  type ApprovalAnswer,
  type ApprovalHandler,
  type ApprovalRequest,
  type GateRequest,
  type GateVerdict,
  type ResumeOptions,
  type RunEventsOptions,
  type RunResult,
  type SettingsChange,
  type StartOptions,
  type ToolGate,
} from "./orchestrator/index.js";
export type { Journal, SessionSummary } from "./store/journal.js";
export {
  type DescribeContext,
  type JsonSchema,
  type PolicyDescription,
  type ProgressUpdate,
  type Tool,
  type ToolContext,
  type ToolDefinition,
  type ToolEffects,
  type ToolOutput,
  type ToolProgress,
  type ToolResult,
  tool,
} from "./tools/index.js";
