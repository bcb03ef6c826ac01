export { agentNode } from "./agent-node.js";
export type { AgentNodeAgent, AgentNodeOptions, AgentNodeResult } from "./agent-node-options.js";
