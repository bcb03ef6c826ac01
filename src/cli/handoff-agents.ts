import { type AgentFile, loadAgents } from "../agents/index.js";
import { projectRoot } from "../config/index.js";
import {
  type AgentDefinition,
  BUILTIN_TOOL_NAMES,
  type BuiltinToolName,
  defineAgent,
} from "../runtime/index.js";
import type { Tool } from "../tools/index.js";
import type { CliAgentFields } from "./agent-options.js";

/** The handoff fields of an agent file, as `defineAgent` takes them. */
export function handoffFieldsOf(file: AgentFile): Partial<CliAgentFields> {
  return {
    ...(file.handoffs?.length ? { handoffs: file.handoffs } : {}),
    ...(file.handoffInput ? { handoffInput: file.handoffInput } : {}),
    ...(file.maxHandoffs !== undefined ? { maxHandoffsPerTurn: file.maxHandoffs } : {}),
  };
}

/**
 * The agents `root`'s handoffs reach, as definitions (`RunOptions.agents`): each file's instructions (after the
 * config's), tools, model (else the session's) and the permissions it asks for, which the handoff narrows against
 * the session's. `spawn_agent` only for a file that lists it. Empty when `root` hands off to no one.
 */
export async function handoffAgentsOf(
  root: AgentFile,
  session: CliAgentFields & { model: string },
  cwd: string,
  artHome: string,
  spawn: Tool<unknown> | undefined,
): Promise<AgentDefinition[]> {
  if (!root.handoffs?.length) return [];
  const files = new Map(
    (await loadAgents({ projectRoot: projectRoot(cwd), artHome })).map((file) => [file.name, file]),
  );
  const reached = new Map<string, AgentFile>();
  const queue = [...root.handoffs];
  while (queue.length > 0) {
    const name = queue.shift()!;
    const file = files.get(name);
    // loadAgents checked every handoff names an agent; one that names the root is the root's own definition.
    if (!file || reached.has(name) || name === root.name) continue;
    reached.set(name, file);
    queue.push(...(file.handoffs ?? []));
  }
  return [...reached.values()].map((file) => memberOf(file, session, spawn));
}

function memberOf(
  file: AgentFile,
  session: CliAgentFields & { model: string },
  spawn: Tool<unknown> | undefined,
): AgentDefinition {
  const builtins = file.tools?.filter((tool): tool is BuiltinToolName =>
    (BUILTIN_TOOL_NAMES as readonly string[]).includes(tool),
  );
  const extra = spawn && (!file.tools || file.tools.includes("spawn_agent")) ? [spawn] : [];
  const instructions = [session.instructions, file.instructions].filter(Boolean).join("\n\n");
  return defineAgent({
    name: file.name,
    ...(file.description ? { description: file.description } : {}),
    model: file.model ?? session.model,
    ...(!file.model && session.baseUrl ? { baseUrl: session.baseUrl } : {}),
    ...(instructions ? { instructions } : {}),
    ...(builtins || extra.length
      ? { tools: { ...(builtins ? { builtins } : {}), ...(extra.length ? { extra } : {}) } }
      : {}),
    ...(file.sandbox ? { sandbox: file.sandbox } : {}),
    ...(file.network ? { network: file.network } : {}),
    ...(file.approval ? { approval: file.approval } : {}),
    ...(file.writableRoots ? { writableRoots: file.writableRoots } : {}),
    ...(file.maxSteps !== undefined ? { maxSteps: file.maxSteps } : {}),
    ...(session.checkpoints !== undefined ? { checkpoints: session.checkpoints } : {}),
    ...handoffFieldsOf(file),
  });
}
