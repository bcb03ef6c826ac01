import type { McpServersConfig } from "../mcp/index.js";
import type { AgentDefinitionInput } from "../runtime/index.js";
import type { Tool } from "../tools/index.js";

/** What a session in one workspace runs with: its agent definition and the MCP tools started for it. */
export interface AcpSessionSetup {
  /** The definition for new sessions there (flags over that workspace's config layers over the defaults). */
  agent: AgentDefinitionInput;
  /** The tools of the MCP servers started for the session (the configured ones and the editor's). */
  tools: Tool[];
  /** Stops those servers. */
  close(): Promise<void>;
}

/**
 * Sets a session up in `cwd` with the editor's MCP servers: the host (the CLI) decides what config applies and how
 * servers are sandboxed, so this folder holds only the protocol.
 */
export type SetupSession = (cwd: string, editorServers: McpServersConfig) => Promise<AcpSessionSetup>;
