export { AGENT_FILE_VERSION, type AgentFile, type AgentSourceKind, parseAgentFile } from "./agent-file.js";
export * from "./errors/index.js";
export { parseFrontMatter } from "./front-matter.js";
export { type AgentDirs, findAgent, loadAgents } from "./load-agents.js";
export { narrowPermissions, type PermissionSet } from "./tighten-agent.js";
