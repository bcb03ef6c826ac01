export { childController, sleep, throwIfAborted } from "./abort.js";
export {
  AgentDefinitionRecord,
  DEFINITION_RECORD_VERSION,
  ToolDeclaration,
} from "./agent-definition-record.js";
export { ErrorInfo } from "./error-info.js";
export * from "./errors/index.js";
export {
  AgentEvent,
  type AgentEventType,
  ChildEnvSettings,
  EVENT_SCHEMA_VERSION,
  type EventOf,
  RuleFileSnapshot,
  SessionSettings,
  StoredEvent,
} from "./events.js";
export { newId } from "./ids.js";
export { ConversationItem } from "./items.js";
export { JsonLine, JsonLineEnvelope, jsonLineSchema, ResultLine } from "./json-line.js";
export { Usage, ZERO_USAGE } from "./usage.js";
