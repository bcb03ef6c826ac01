export { createArtMcpServer } from "./art-mcp-server.js";
export {
  APPROVAL_SCHEMA,
  approvalMessage,
  type DeniedApproval,
  type ElicitChannel,
  elicitingApprover,
  NO_ELICITATION_REASON,
} from "./elicit-approval.js";
export * from "./errors/index.js";
export { type HttpServeOptions, type HttpServing, serveHttp } from "./http-server.js";
export {
  type AgentResolver,
  type EventsPage,
  MAX_EVENTS_PAGE,
  type ResolvedAgent,
  SessionHost,
  type SessionReport,
  type StartSessionArgs,
} from "./session-host.js";
