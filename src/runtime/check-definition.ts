import { SessionSettings } from "../core/index.js";
import type { AgentDefinitionInput } from "./agent-definition.js";
import { BUILTIN_TOOL_NAMES } from "./builtin-tool-names.js";
import { InvalidDefinitionError } from "./errors/index.js";
import { isModelObject } from "./model-of.js";

const BUILTINS: ReadonlySet<string> = new Set(BUILTIN_TOOL_NAMES);

function checkEnum(name: string, field: "sandbox" | "network" | "approval", value: string | undefined): void {
  if (value === undefined) return;
  const schema = SessionSettings.shape[field];
  if (!schema.safeParse(value).success) {
    const allowed = schema.unwrap().options.join(", ");
    throw new InvalidDefinitionError(name, `${field} "${value}" is not one`, `Use one of ${allowed}.`);
  }
}

function checkTools(input: AgentDefinitionInput): void {
  const { name } = input;
  const builtins = input.tools?.builtins ?? "all";
  const chosen = new Set<string>();
  if (builtins === "all") for (const tool of BUILTIN_TOOL_NAMES) chosen.add(tool);
  else if (builtins !== "none") {
    if (!Array.isArray(builtins))
      throw new InvalidDefinitionError(
        name,
        "tools.builtins is not a list",
        'Use "all", "none" or tool names.',
      );
    for (const tool of builtins) {
      if (!BUILTINS.has(tool))
        throw new InvalidDefinitionError(
          name,
          `"${tool}" is not a built-in tool`,
          `The built-ins are ${BUILTIN_TOOL_NAMES.join(", ")}; give tools of your own in tools.extra.`,
        );
      if (chosen.has(tool))
        throw new InvalidDefinitionError(name, `built-in "${tool}" is listed twice`, "List it once.");
      chosen.add(tool);
    }
  }
  for (const tool of input.tools?.extra ?? []) {
    if (
      !tool ||
      typeof tool.name !== "string" ||
      !tool.name ||
      typeof tool.execute !== "function" ||
      !tool.inputSchema
    )
      throw new InvalidDefinitionError(
        name,
        "an extra tool is not a tool",
        "Give tools made by tool({ name, description, inputSchema, effects, execute }).",
      );
    if (chosen.has(tool.name))
      throw new InvalidDefinitionError(
        name,
        `tool "${tool.name}" is given twice`,
        BUILTINS.has(tool.name)
          ? `To replace the built-in, leave it out of tools.builtins (list the ones to keep).`
          : "Give each tool once.",
      );
    chosen.add(tool.name);
  }
}

function checkHandoffs(input: AgentDefinitionInput): void {
  const { name, handoffs, handoffInput, maxHandoffsPerTurn } = input;
  if (handoffs !== undefined) {
    if (!Array.isArray(handoffs))
      throw new InvalidDefinitionError(
        name,
        "handoffs is not a list",
        'Give agent names, e.g. ["reviewer"].',
      );
    const seen = new Set<string>();
    for (const target of handoffs) {
      if (typeof target !== "string" || !target.trim())
        throw new InvalidDefinitionError(name, "handoffs has an empty or non-text name", "Give agent names.");
      if (target === name)
        throw new InvalidDefinitionError(name, "handoffs names the agent itself", "Name other agents.");
      if (seen.has(target))
        throw new InvalidDefinitionError(name, `handoffs names "${target}" twice`, "Name it once.");
      seen.add(target);
    }
  }
  if (
    handoffInput !== undefined &&
    typeof handoffInput !== "function" &&
    handoffInput !== "full" &&
    handoffInput !== "last_message"
  )
    throw new InvalidDefinitionError(
      name,
      `handoffInput "${String(handoffInput)}" is not one`,
      'Use "full", "last_message" or a function of the conversation.',
    );
  if (maxHandoffsPerTurn !== undefined && !(Number.isInteger(maxHandoffsPerTurn) && maxHandoffsPerTurn > 0))
    throw new InvalidDefinitionError(
      name,
      `maxHandoffsPerTurn ${maxHandoffsPerTurn} is not a positive whole number`,
      "Use e.g. 10.",
    );
}

/** Throws {@link InvalidDefinitionError} for the first thing in `input` that no runtime could run. */
export function checkDefinition(input: AgentDefinitionInput): void {
  const name = typeof input?.name === "string" ? input.name : "";
  if (!name.trim())
    throw new InvalidDefinitionError(
      name,
      "it has no name",
      'Name it, e.g. defineAgent({ name: "fixer", ... }).',
    );
  const model = input.model;
  if (!(typeof model === "string" ? model.trim() : isModelObject(model)))
    throw new InvalidDefinitionError(
      name,
      "it has no model",
      'Give a spec such as "openai:gpt-5", or an AI SDK model such as openai("gpt-5").',
    );
  if (input.prompt !== undefined && typeof input.prompt !== "string")
    throw new InvalidDefinitionError(name, "prompt is not text", "Give the base prompt as a string.");
  if (input.prompt !== undefined && !input.prompt.trim() && !input.instructions?.trim())
    throw new InvalidDefinitionError(name, "its system prompt is empty", "Give a prompt or instructions.");
  checkEnum(name, "sandbox", input.sandbox);
  checkEnum(name, "network", input.network);
  checkEnum(name, "approval", input.approval);
  if (input.maxSteps !== undefined && !(Number.isInteger(input.maxSteps) && input.maxSteps > 0))
    throw new InvalidDefinitionError(
      name,
      `maxSteps ${input.maxSteps} is not a positive whole number`,
      "Use e.g. 100.",
    );
  if (input.compactAt !== undefined && !(input.compactAt > 0 && input.compactAt <= 1))
    throw new InvalidDefinitionError(name, `compactAt ${input.compactAt} is not in (0, 1]`, "Use e.g. 0.85.");
  checkTools(input);
  checkHandoffs(input);
}
