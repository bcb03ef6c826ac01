import {
  type AgentDefinitionRecord,
  DEFINITION_RECORD_VERSION,
  type ToolDeclaration,
} from "../core/index.js";
import { CODING_PROMPT, composeSystemPrompt } from "../orchestrator/index.js";
import { inputOf, type Tool } from "../tools/index.js";
import type { AgentDefinition } from "./agent-definition.js";

/** A tool as the model reads it: name, description, JSON Schema of its arguments, effects. */
export function declarationOf(tool: Tool<unknown>): ToolDeclaration {
  return {
    name: tool.name,
    description: tool.description,
    // The same rendering the tool registry sends to the model.
    inputSchema: inputOf(tool.name, tool.inputSchema).jsonSchema,
    effects: tool.effects,
  };
}

/**
 * The effective definition a session journals: the whole fixed system prompt, the tools' declarations and the
 * turn's limits. `instructions` overrides the definition's (a session from event schema 2 journaled its own).
 */
export function definitionRecord(
  definition: AgentDefinition,
  tools: readonly Tool<unknown>[],
  instructions: string | undefined = definition.instructions,
): AgentDefinitionRecord {
  return {
    version: DEFINITION_RECORD_VERSION,
    name: definition.name,
    ...(definition.description ? { description: definition.description } : {}),
    systemPrompt: composeSystemPrompt(definition.prompt ?? CODING_PROMPT, instructions),
    tools: tools.map(declarationOf),
    maxSteps: definition.maxSteps ?? 100,
    compactAt: definition.compactAt ?? 0.85,
    loginShell: definition.loginShell === true,
    sandboxReads: {
      deny: [...(definition.sandboxReads?.deny ?? [])],
      allow: [...(definition.sandboxReads?.allow ?? [])],
    },
  };
}

/** JSON with every object's keys sorted, so two equal values read back in another key order compare equal. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}

function same(a: unknown, b: unknown): boolean {
  return canonical(a) === canonical(b);
}

/**
 * What differs between a journaled definition and another, by field: `systemPrompt`, `name`, `maxSteps`, ...,
 * and per tool `tools.<name>` (declaration differs), `tools.+<name>` (added), `tools.-<name>` (removed),
 * `tools.order`. Empty when they are the same.
 */
export function definitionChanges(journaled: AgentDefinitionRecord, other: AgentDefinitionRecord): string[] {
  const changed: string[] = [];
  for (const key of [
    "name",
    "description",
    "systemPrompt",
    "maxSteps",
    "compactAt",
    "loginShell",
    "sandboxReads",
  ] as const)
    if (!same(journaled[key], other[key])) changed.push(key);
  const before = new Map(journaled.tools.map((tool) => [tool.name, tool]));
  const after = new Map(other.tools.map((tool) => [tool.name, tool]));
  for (const [name, tool] of before) {
    const now = after.get(name);
    if (!now) changed.push(`tools.-${name}`);
    else if (!same(tool, now)) changed.push(`tools.${name}`);
  }
  for (const name of after.keys()) if (!before.has(name)) changed.push(`tools.+${name}`);
  const common = (from: Map<string, unknown>, to: Map<string, unknown>) =>
    [...from.keys()].filter((name) => to.has(name));
  if (!same(common(before, after), common(after, before))) changed.push("tools.order");
  return changed;
}
