import { BUILTIN_TOOL_NAMES } from "../runtime/index.js";
import { InvalidAgentFileError } from "./errors/index.js";
import { type FrontMatterValue, parseFrontMatter } from "./front-matter.js";

/** Where an agent file was found: the project's `.art/agents`, `$ART_HOME/agents`, or Claude Code's `.claude/agents`. */
export type AgentSourceKind = "project" | "user" | "claude";

/** An agent read from a Markdown file. Persisted shapes built from it carry {@link AGENT_FILE_VERSION}. */
export interface AgentFile {
  readonly version: typeof AGENT_FILE_VERSION;
  readonly name: string;
  readonly description?: string;
  /** Allow-list of tool names; undefined offers the defaults. */
  readonly tools?: readonly string[];
  readonly model?: string;
  readonly sandbox?: "read-only" | "workspace-write" | "full-access";
  readonly network?: "none" | "full";
  readonly approval?: "untrusted" | "on-request" | "on-failure" | "never";
  readonly writableRoots?: readonly string[];
  readonly maxSteps?: number;
  /** JSON Schema the agent's final output must match. */
  readonly outputSchema?: Record<string, unknown>;
  /** `worktree`: as a sub-agent it works in its own git worktree, its changes coming back as a patch. */
  readonly isolation?: "none" | "worktree";
  /** Agents it may hand the conversation to (`transfer_to_<name>` tools); each must be an agent file too. */
  readonly handoffs?: readonly string[];
  /** What it sees when handed a conversation: all of it (`full`, default) or only the last user message. */
  readonly handoffInput?: "full" | "last_message";
  /** Handoffs allowed in one turn of a session it starts (default 10). */
  readonly maxHandoffs?: number;
  /** The Markdown body: the agent's instructions. */
  readonly instructions: string;
  readonly source: { readonly kind: AgentSourceKind; readonly file: string };
}

/** Schema version of {@link AgentFile}. */
export const AGENT_FILE_VERSION = 1 as const;

const SANDBOXES = ["read-only", "workspace-write", "full-access"] as const;
const NETWORKS = ["none", "full"] as const;
const APPROVALS = ["untrusted", "on-request", "on-failure", "never"] as const;
// Claude Code's permissionMode and color etc. are theirs; we ignore what we do not know only in Claude files.
/** Claude Code's tool names, as ours. */
const CLAUDE_TOOLS: Record<string, string> = {
  Bash: "shell",
  Read: "read_file",
  LS: "list_dir",
  Glob: "list_dir",
  Grep: "grep",
  Write: "write_file",
  Edit: "apply_patch",
  MultiEdit: "apply_patch",
  TodoWrite: "update_plan",
};
const KNOWN = new Set([
  "name",
  "description",
  "tools",
  "model",
  "sandbox",
  "network",
  "approval",
  "writable_roots",
  "max_steps",
  "output_schema",
  "isolation",
  "handoffs",
  "handoff_input",
  "max_handoffs",
]);

/**
 * Reads one agent file's text. Claude Code's `tools` is a comma-separated string; ours may be a list too.
 *
 * ```ts
 * const agent = parseAgentFile(text, ".art/agents/reviewer.md", "project");
 * ```
 * @throws InvalidAgentFileError naming the file and the field.
 */
export function parseAgentFile(text: string, file: string, kind: AgentSourceKind): AgentFile {
  const { fields, body } = parseFrontMatter(text, file);
  for (const key of Object.keys(fields)) {
    if (!KNOWN.has(key) && kind !== "claude") {
      throw new InvalidAgentFileError(file, key, `is not a known field (known: ${[...KNOWN].join(", ")})`);
    }
  }
  const str = (key: string): string | undefined => {
    const value = fields[key];
    if (value === undefined) return undefined;
    if (typeof value !== "string" || value.trim() === "") {
      throw new InvalidAgentFileError(file, key, "must be a non-empty string");
    }
    return value;
  };
  const oneOf = <T extends string>(key: string, allowed: readonly T[]): T | undefined => {
    const value = str(key);
    if (value !== undefined && !allowed.includes(value as T)) {
      throw new InvalidAgentFileError(file, key, `is "${value}"; use one of ${allowed.join(", ")}`);
    }
    return value as T | undefined;
  };
  const name = str("name");
  if (name === undefined) throw new InvalidAgentFileError(file, "name", "is missing");
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    throw new InvalidAgentFileError(file, "name", "may hold only letters, digits, _ and - (at most 64)");
  }
  const listed = list(fields.tools, file, "tools");
  const tools = kind === "claude" && listed ? [...new Set(listed.map((t) => CLAUDE_TOOLS[t] ?? t))] : listed;
  if (tools && kind !== "claude") {
    for (const tool of tools) {
      const known = (BUILTIN_TOOL_NAMES as readonly string[]).includes(tool) || tool === "spawn_agent";
      if (!known && !tool.includes("__")) {
        throw new InvalidAgentFileError(
          file,
          "tools",
          `names "${tool}", which is not a tool (built-ins: ${BUILTIN_TOOL_NAMES.join(", ")})`,
        );
      }
    }
  }
  const maxSteps = fields.max_steps;
  if (maxSteps !== undefined && (typeof maxSteps !== "number" || maxSteps < 1)) {
    throw new InvalidAgentFileError(file, "max_steps", "must be a whole number of at least 1");
  }
  const schema = fields.output_schema;
  if (schema !== undefined && (typeof schema !== "object" || Array.isArray(schema))) {
    throw new InvalidAgentFileError(file, "output_schema", "must be a JSON Schema object (inline JSON)");
  }
  const description = str("description");
  const model = kind === "claude" ? undefined : str("model"); // Claude's sonnet/opus aliases are not our specs.
  const sandbox = oneOf("sandbox", SANDBOXES);
  const network = oneOf("network", NETWORKS);
  const approval = oneOf("approval", APPROVALS);
  const writableRoots = list(fields.writable_roots, file, "writable_roots");
  const isolation = oneOf("isolation", ["none", "worktree"] as const);
  const handoffs = list(fields.handoffs, file, "handoffs");
  if (handoffs?.includes(name)) throw new InvalidAgentFileError(file, "handoffs", `names the agent itself`);
  const handoffInput = oneOf("handoff_input", ["full", "last_message"] as const);
  const maxHandoffs = fields.max_handoffs;
  if (
    maxHandoffs !== undefined &&
    (typeof maxHandoffs !== "number" || !Number.isInteger(maxHandoffs) || maxHandoffs < 1)
  ) {
    throw new InvalidAgentFileError(file, "max_handoffs", "must be a whole number of at least 1");
  }
  return Object.freeze({
    version: AGENT_FILE_VERSION,
    name,
    ...(description !== undefined ? { description } : {}),
    ...(tools !== undefined ? { tools } : {}),
    ...(model !== undefined ? { model } : {}),
    ...(sandbox !== undefined ? { sandbox } : {}),
    ...(network !== undefined ? { network } : {}),
    ...(approval !== undefined ? { approval } : {}),
    ...(writableRoots !== undefined ? { writableRoots } : {}),
    ...(maxSteps !== undefined ? { maxSteps: maxSteps as number } : {}),
    ...(schema !== undefined ? { outputSchema: schema as Record<string, unknown> } : {}),
    ...(isolation !== undefined ? { isolation } : {}),
    ...(handoffs !== undefined ? { handoffs } : {}),
    ...(handoffInput !== undefined ? { handoffInput } : {}),
    ...(maxHandoffs !== undefined ? { maxHandoffs: maxHandoffs as number } : {}),
    instructions: body.trim(),
    source: { kind, file },
  });
}

function list(value: FrontMatterValue | undefined, file: string, key: string): readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string")
    return value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  if (Array.isArray(value)) return value as readonly string[];
  throw new InvalidAgentFileError(file, key, "must be a list of names or a comma-separated string");
}
