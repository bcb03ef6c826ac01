import { readFileSync } from "node:fs";
import { z } from "zod";
import { ApprovalMode, NetworkMode, SandboxMode } from "../core/index.js";
import { McpServersConfig } from "../mcp/index.js";
import { InvalidConfigError } from "./invalid-config-error.js";
import { LimitsConfig } from "./limits-config.js";

/** Keys a `config.toml` may hold; anything else is an error, so typos never pass silently. */
export const ConfigFile = z.strictObject({
  /** Default model spec. */
  model: z.string().min(1).optional(),
  /** Base URL for the model provider. */
  base_url: z.url().optional(),
  sandbox: SandboxMode.optional(),
  network: NetworkMode.optional(),
  approval: ApprovalMode.optional(),
  /** Extra writable directories (relative to the workspace). */
  writable_roots: z.array(z.string()).optional(),
  /** Extra system instructions. */
  instructions: z.string().optional(),
  /** Snapshot the workspace at every turn. */
  checkpoints: z.boolean().optional(),
  /** More exec-policy rule files: `.toml` (ours), `.rules` (Codex), `.json` (Claude Code settings). */
  rules: z.array(z.string()).optional(),
  /** Environment variables commands may see besides the safe defaults (`*` wildcards allowed). */
  env_allow: z.array(z.string()).optional(),
  /** Environment variables set for every command. */
  env_set: z.record(z.string(), z.string()).optional(),
  /** Seconds a model stream may send no bytes before the attempt is aborted and retried (default 120). */
  model_idle_timeout_sec: z.number().positive().optional(),
  /** More paths sandboxed commands may not read (or write); `~/` is the home directory. Every layer adds. */
  deny_read: z.array(z.string()).optional(),
  /** Default denied paths to make readable again; honoured only in the user layer (a project can't loosen it). */
  allow_read: z.array(z.string()).optional(),
  /** Run commands in a login shell (`bash -lc`, sourcing the user's profile) instead of `bash -c`. */
  login_shell: z.boolean().optional(),
  /** MCP servers by name (`[mcp_servers.NAME]`): Codex's keys, see `src/mcp/server-config.ts`. */
  mcp_servers: McpServersConfig.optional(),
  /** Shared limits of a process: `max_commands`, `[limits.providers.NAME]` (see `limits-config.ts`). */
  limits: LimitsConfig.optional(),
  /**
   * Above this many (estimated) tokens of MCP tool definitions, MCP tools are not listed to the model but found
   * through the `mcp_tool_search` tool (default `MCP_DEFAULTS.toolTokenBudget`; 0 defers always).
   */
  mcp_tool_token_budget: z.number().int().min(0).optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

/** Reads one `config.toml`; a missing file is an empty layer. Every problem names the file (and line:column). */
export async function readConfigLayer(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new InvalidConfigError(file, `cannot be read (${(error as Error).message})`);
  }
  const { parse, TomlError } = await import("smol-toml");
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    const where = error instanceof TomlError ? `:${error.line}:${error.column}` : "";
    throw new InvalidConfigError(
      `${file}${where}`,
      `is not valid TOML: ${(error as Error).message.split("\n")[0]?.replace(/^Invalid TOML document: /, "")}`,
    );
  }
  const parsed = ConfigFile.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`
        : `"${issue.path.join(".")}": ${issue.message}`,
    );
    throw new InvalidConfigError(file, problems.join("; "));
  }
  return parsed.data;
}
