export { childController, sleep, throwIfAborted } from "./abort.js";
export {
  AgentDefinitionBase,
  AgentDefinitionRecord,
  DEFINITION_RECORD_VERSION,
  ToolDeclaration,
} from "./agent-definition-record.js";
export { resolveArtHome } from "./art-home.js";
export { ErrorInfo } from "./error-info.js";
export * from "./errors/index.js";
export {
  AgentEvent,
  type AgentEventType,
  ChildEnvSettings,
  CoreEvent,
  EVENT_SCHEMA_VERSION,
  type EventOf,
  EXTENSION_EVENT_TYPE,
  ExtensionEvent,
  eventSchemaFor,
  RuleFileSnapshot,
  SessionGrant,
  SessionSettings,
  StoredEvent,
} from "./events.js";
export {
  HANDOFF_RECORD_VERSION,
  HandoffInput,
  HandoffMember,
  HandoffTeam,
} from "./handoff-record.js";
export { newId } from "./ids.js";
export { ConversationItem } from "./items.js";
export { JsonLine, JsonLineEnvelope, jsonLineSchema, ResultLine } from "./json-line.js";
export { ApprovalMode, NetworkMode, SandboxMode } from "./modes.js";
export { ToolContentPart } from "./tool-content.js";
export { Usage, ZERO_USAGE } from "./usage.js";
