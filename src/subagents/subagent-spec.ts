import { type AgentFile, narrowPermissions } from "../agents/index.js";
import type { SessionSettings } from "../core/index.js";
import {
  type AgentDefinition,
  BUILTIN_TOOL_NAMES,
  type BuiltinToolName,
  defineAgent,
} from "../runtime/index.js";
import type { Tool } from "../tools/index.js";

/** What a child is defined against: the parent session's journaled settings and workspace. */
export interface ParentContext {
  settings: SessionSettings;
  cwd: string;
}

/** Schema version of {@link SubagentSpec}'s persisted parts (the child's `session.started.parent`). */
export const SUBAGENT_SPEC_VERSION = 1 as const;

/**
 * A sub-agent `spawn_agent` can start: listed to the model with its description.
 *
 * ```ts
 * const reviewer: SubagentSpec = subagentFromFile(await findAgent(dirs, "reviewer"));
 * ```
 */
export interface SubagentSpec {
  readonly name: string;
  readonly description: string;
  /** JSON Schema the child's final answer must match (asked once more, then `agent.output_invalid`). */
  readonly outputSchema?: Record<string, unknown>;
  /** `worktree`: the child works in its own git worktree; its changes come back as a patch. */
  readonly isolation?: "none" | "worktree";
  /**
   * The child's definition. Its sandbox, network, approval and writable roots must never be wider than the
   * parent's (use `narrowPermissions`); `spawnTool` is `spawn_agent` one level down, to include or leave out.
   */
  define(parent: ParentContext, spawnTool: Tool<unknown>): AgentDefinition;
}

/** A sub-agent from an agent file (`.art/agents/*.md`, `.claude/agents/*.md`, `$ART_HOME/agents`). */
export function subagentFromFile(file: AgentFile): SubagentSpec {
  return {
    name: file.name,
    description: file.description ?? `The ${file.name} agent.`,
    ...(file.outputSchema ? { outputSchema: file.outputSchema } : {}),
    ...(file.isolation ? { isolation: file.isolation } : {}),
    define(parent, spawnTool) {
      const { settings } = parent;
      const narrowed = narrowPermissions(
        settings,
        {
          ...(file.sandbox ? { sandbox: file.sandbox } : {}),
          ...(file.network ? { network: file.network } : {}),
          ...(file.approval ? { approval: file.approval } : {}),
          ...(file.writableRoots ? { writableRoots: file.writableRoots } : {}),
        },
        parent.cwd,
      );
      const listed = file.tools;
      const builtins = listed
        ? listed.filter((name): name is BuiltinToolName =>
            (BUILTIN_TOOL_NAMES as readonly string[]).includes(name),
          )
        : "all";
      // No list: every built-in and spawn_agent (the depth budget bounds the tree); a list: only what it names.
      const spawn = !listed || listed.includes(spawnTool.name);
      return defineAgent({
        name: file.name,
        ...(file.description ? { description: file.description } : {}),
        model: file.model ?? settings.model,
        ...(!file.model && settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
        ...(file.instructions ? { instructions: file.instructions } : {}),
        tools: { builtins, ...(spawn ? { extra: [spawnTool] } : {}) },
        ...narrowed,
        // The parent's extra rule files bind the child too; user and project layers it reads itself.
        ruleFiles: (settings.rules ?? []).filter((rule) => rule.layer === "extra").map((rule) => rule.path),
        ...(settings.childEnv ? { childEnv: settings.childEnv } : {}),
        // The parent's turn snapshots cover the shared workspace; a child's would race them.
        checkpoints: false,
        ...(file.maxSteps !== undefined ? { maxSteps: file.maxSteps } : {}),
      });
    },
  };
}
