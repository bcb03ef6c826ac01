import type { SpawnWrapper } from "../mcp/index.js";
import {
  buildSandboxPolicy,
  createSandboxTmpDir,
  prepareSandboxedSpawn,
  removeSandboxTmpDir,
} from "../sandbox/index.js";
import type { CliAgentFields } from "./agent-options.js";

/**
 * Runs the session's stdio MCP servers under the session's sandbox policy (mode, network, writable roots): they
 * are programs someone else wrote. Its own private temp dir, removed by `dispose`.
 */
export function mcpSandbox(
  fields: CliAgentFields,
  cwd: string,
  artHome: string,
): { wrapSpawn: SpawnWrapper; dispose(): void } {
  const tmpDir = createSandboxTmpDir();
  const policy = buildSandboxPolicy({
    mode: fields.sandbox ?? "workspace-write",
    network: fields.network ?? "none",
    workspace: cwd,
    writableRoots: [...(fields.writableRoots ?? [])],
    artHome,
    tmpDir,
  });
  return {
    wrapSpawn: (argv, options) => prepareSandboxedSpawn(argv, policy, { cwd: options.cwd, env: options.env }),
    dispose: () => removeSandboxTmpDir(tmpDir),
  };
}
