/**
 * The ACP protocol types this folder speaks, from the official SDK: type-only, so importing them loads nothing
 * (the SDK itself is loaded by `serveAcp` when `art acp` starts).
 */
export type {
  AgentCapabilities,
  ClientCapabilities,
  ContentBlock,
  InitializeResponse,
  McpServer,
  PermissionOption,
  PromptResponse,
  RequestPermissionRequest,
  RequestPermissionResponse,
  SessionInfo,
  SessionModeState,
  SessionNotification,
  SessionUpdate,
  StopReason,
  ToolCallContent,
  ToolKind,
} from "@agentclientprotocol/sdk";
