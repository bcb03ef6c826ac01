import { type AgentFile, findAgent, narrowPermissions } from "../agents/index.js";
import { projectRoot } from "../config/index.js";
import { InvalidInputError } from "../core/index.js";
import { BUILTIN_TOOL_NAMES, type BuiltinToolName } from "../runtime/index.js";
import type { CliAgentFields, SessionFlagValues } from "./agent-options.js";

/** The agent file `art exec --agent NAME` names, or a typed error listing what there is. */
export async function agentFileNamed(name: string, cwd: string, artHome: string): Promise<AgentFile> {
  const agent = await findAgent({ projectRoot: projectRoot(cwd), artHome }, name);
  if (!agent) {
    throw new InvalidInputError(`No agent named "${name}".`, {
      hint: 'Run "art agents" to list them; add one as .art/agents/<name>.md or $ART_HOME/agents/<name>.md.',
    });
  }
  return agent;
}

/**
 * The session's fields with an agent file applied: its instructions and tools, its model unless `--model` was
 * given, and sandbox, network, approval and writable roots only ever made stricter than the flags and config.
 */
export function withAgentFile(
  fields: CliAgentFields,
  agent: AgentFile,
  values: SessionFlagValues,
  cwd: string,
): CliAgentFields {
  const narrowed = narrowPermissions(
    {
      sandbox: fields.sandbox ?? "workspace-write",
      network: fields.network ?? "none",
      approval: fields.approval ?? "on-request",
      writableRoots: (fields.writableRoots ?? []).map((root) =>
        root.startsWith("/") ? root : `${cwd}/${root}`,
      ),
    },
    {
      ...(agent.sandbox ? { sandbox: agent.sandbox } : {}),
      ...(agent.network ? { network: agent.network } : {}),
      ...(agent.approval ? { approval: agent.approval } : {}),
      ...(agent.writableRoots ? { writableRoots: agent.writableRoots } : {}),
    },
    cwd,
  );
  const builtins = agent.tools?.filter((tool): tool is BuiltinToolName =>
    (BUILTIN_TOOL_NAMES as readonly string[]).includes(tool),
  );
  const instructions = [fields.instructions, agent.instructions].filter(Boolean).join("\n\n");
  const model = values.model ?? agent.model ?? fields.model;
  return {
    ...fields,
    ...narrowed,
    ...(model ? { model } : {}),
    ...(instructions ? { instructions } : {}),
    ...(builtins ? { tools: { ...fields.tools, builtins } } : {}),
    ...(agent.maxSteps !== undefined ? { maxSteps: agent.maxSteps } : {}),
  };
}
