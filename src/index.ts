/**
 * Agent Runtime: a runtime for autonomous coding agents.
 *
 * ```ts
 * import { defineAgent, Runtime } from "agent-runtime";
 * const fixer = defineAgent({ name: "fixer", model: "anthropic:claude-sonnet-4-5" });
 * const runtime = await Runtime.open();
 * const run = runtime.run(fixer, "fix the failing test", { cwd: "/path/to/repo" });
 * for await (const { event } of run.events()) if (event.type === "message.delta") process.stdout.write(event.delta);
 * const result = await run.result;
 * await runtime.close();
 * ```
 * @packageDocumentation
 */

export {
  AcpRequestError,
  AcpSessionNotFoundError,
  type AcpSessionSetup,
  type ServeAcpOptions,
  type SetupSession,
  serveAcp,
} from "./acp/index.js";
export * from "./agents/index.js";
export type {
  AgentDefinitionRecord,
  AgentEvent,
  AgentEventType,
  ChildEnvSettings,
  ConversationItem,
  EventOf,
  RuleFileSnapshot,
  SessionSettings,
  StoredEvent,
  ToolContentPart,
  ToolDeclaration,
  Usage,
} from "./core/index.js";
export { AbortedError, ArtError, InvalidInputError } from "./core/index.js";
export { type CommandSlotStats, type CommandSlots, FairCommandSlots } from "./exec/index.js";
export {
  type HandoffInputFilter,
  type HandoffInputOption,
  HandoffLimitError,
  HandoffNameClashError,
  transferToolName,
  UnknownHandoffTargetError,
} from "./handoffs/index.js";
export {
  McpCallError,
  McpConfigError,
  McpServerConfig,
  McpStartError,
  mcpTools,
  readMcpJson,
  startMcpServers,
} from "./mcp/index.js";
export {
  type Chunk,
  type ChunkInput,
  ChunkNotFoundError,
  defaultEmbedder,
  type Embedder,
  EmbedderMismatchError,
  EmbedderOutputError,
  MEMORY_FORMAT_VERSION,
  Memory,
  MemoryFormatError,
  MemoryInputError,
  type MetadataFilter,
  type MetadataValue,
  type SearchHit,
  type SearchOptions,
  VectorStore,
  type VectorStoreOptions,
} from "./memory/index.js";
export type { ModelClient, ModelEvent, ModelRequest, ModelToolSpec } from "./model/index.js";
export {
  type GatePass,
  type LimitKey,
  type LimitState,
  type ProviderLimit,
  type RequestGate,
  SharedRateLimits,
  type SharedRateLimitsOptions,
} from "./model/index.js";
export {
  AgentRun,
  type ApprovalAnswer,
  type ApprovalHandler,
  type ApprovalRequest,
  CODING_PROMPT,
  type RunEventsOptions,
  type RunResult,
  type SettingsChange,
} from "./orchestrator/index.js";
export type { RuntimeStats } from "./runtime/index.js";
export {
  type AgentDefinition,
  type AgentDefinitionInput,
  type AgentTools,
  BUILTIN_TOOL_NAMES,
  type BuiltinToolName,
  DefinitionChangedError,
  DefinitionNewerError,
  DefinitionRequiredError,
  defineAgent,
  InvalidDefinitionError,
  NoTurnCheckpointError,
  type ResumeOptions,
  type RewindResult,
  type RunOptions,
  Runtime,
  type RuntimeOptions,
} from "./runtime/index.js";
export {
  POOL_SCHEMA_VERSION,
  Pool,
  PoolInputError,
  type PoolOptions,
  type PoolStats,
  type PoolTask,
  QueueFullError,
  type QueueOptions,
  type SessionTask,
  type SessionTaskResult,
  type SubmitOptions,
  TaskCancelledError,
  TaskDeadlineError,
  type TaskHandle,
  type TaskRecord,
  type TaskState,
  UnknownAgentError,
} from "./scheduler/index.js";
export type { Journal, SessionSummary } from "./store/index.js";
export {
  DEFAULT_SUBAGENT_LIMITS,
  type ParentContext,
  SPAWN_AGENT_TOOL,
  type SpawnAgentOptions,
  SubagentBudgetError,
  SubagentFailedError,
  type SubagentLimits,
  SubagentOutputError,
  type SubagentSpec,
  spawnAgentTool,
  subagentFromFile,
  UnknownSubagentError,
  WorktreeConflictError,
  WorktreeUnavailableError,
} from "./subagents/index.js";
export {
  createSupervisor,
  createSwarm,
  type MapReduceOptions,
  type MapResult,
  mapReduce,
  type SupervisorOptions,
  type SwarmExchange,
  type SwarmOptions,
  TeamInputError,
  type TeamMember,
  type TeamReport,
  TeamRoundsError,
  TeamRouteError,
} from "./teams/index.js";
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
export {
  type CodeHit,
  type IndexStats,
  WorkspaceIndex,
  type WorkspaceIndexOptions,
} from "./workspace-index/index.js";
