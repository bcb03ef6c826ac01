export { Agent, type AgentOptions, type ResumeOptions, resolveArtHome, type StartOptions } from "./agent.js";
export { AgentRun, type RunEventsOptions, type RunResult } from "./agent-run.js";
export { loadAgentsMd } from "./agents-md.js";
export type { ApprovalAnswer, ApprovalHandler, ApprovalRequest } from "./approval.js";
export { LiveSession } from "./live-session.js";
export { NothingToResumeError, SessionNotFoundError, SessionRunningError } from "./session-errors.js";
export { applyEvent, emptyState, loadState, type SessionState } from "./session-state.js";
export { CHANGEABLE_SETTINGS, type SettingsChange } from "./settings-change.js";
export { allowAllGate, type GateRequest, type GateVerdict, type ToolGate } from "./tool-gate.js";
