export { childController, sleep, throwIfAborted } from "./abort.js";
export { ErrorInfo } from "./error-info.js";
export * from "./errors/index.js";
export {
  AgentEvent,
  type AgentEventType,
  EVENT_SCHEMA_VERSION,
  type EventOf,
  SessionSettings,
  StoredEvent,
} from "./events.js";
export { newId } from "./ids.js";
export { ConversationItem } from "./items.js";
export { Usage, ZERO_USAGE } from "./usage.js";
