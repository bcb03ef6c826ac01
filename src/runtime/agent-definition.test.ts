import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tool } from "../tools/index.js";
import { type AgentDefinitionInput, defineAgent, isAgentDefinition } from "./agent-definition.js";

const model = "openai:gpt-5";
const mine = tool({
  name: "mine",
  description: "Mine.",
  inputSchema: z.object({}),
  effects: "read",
  async execute() {
    return "ok";
  },
});

describe("defineAgent", () => {
  it("returns a frozen plain value, lists included, and builds nothing", () => {
    const extra = [mine];
    const builtins: AgentDefinitionInput["tools"] = { builtins: ["read_file"], extra };
    // A model spec with no key in the environment: defining never checks it (no I/O).
    const agent = defineAgent({ name: "a", model, tools: builtins });
    expect(Object.isFrozen(agent)).toBe(true);
    expect(Object.isFrozen(agent.tools)).toBe(true);
    expect(Object.isFrozen(agent.tools?.extra)).toBe(true);
    extra.push(mine);
    expect(agent.tools?.extra).toHaveLength(1);
    expect(isAgentDefinition(agent)).toBe(true);
    expect(isAgentDefinition({ ...agent })).toBe(false);
  });

  it.each<[string, Partial<AgentDefinitionInput>, RegExp]>([
    ["no name", { name: " " }, /has no name/],
    ["no model", { model: "" }, /has no model/],
    ["a model that is neither spec nor model", { model: {} as never }, /has no model/],
    ["an unknown built-in", { tools: { builtins: ["rm_rf" as never] } }, /"rm_rf" is not a built-in tool/],
    ["a built-in listed twice", { tools: { builtins: ["grep", "grep"] } }, /listed twice/],
    [
      "an extra tool shadowing a chosen built-in",
      { tools: { extra: [{ ...mine, name: "shell" }] } },
      /tool "shell" is given twice.*leave it out of tools.builtins/,
    ],
    ["an empty prompt and no instructions", { prompt: "  " }, /system prompt is empty/],
    [
      "an unknown sandbox",
      { sandbox: "none" as never },
      /sandbox "none".*read-only, workspace-write, full-access/,
    ],
    ["an unknown approval", { approval: "always" as never }, /approval "always"/],
    ["maxSteps 0", { maxSteps: 0 }, /maxSteps 0/],
    ["compactAt above 1", { compactAt: 1.5 }, /compactAt 1.5/],
  ])("refuses %s with agent.invalid_definition", (_name, change, message) => {
    expect(() => defineAgent({ name: "a", model, ...change })).toThrow(message);
    try {
      defineAgent({ name: "a", model, ...change });
    } catch (error) {
      expect(error).toMatchObject({ code: "agent.invalid_definition" });
    }
  });

  it("replacing a built-in is explicit: leave it out of the chosen ones", () => {
    const agent = defineAgent({
      name: "a",
      model,
      tools: { builtins: ["read_file"], extra: [{ ...mine, name: "shell" }] },
    });
    expect(agent.tools?.extra?.map((tool) => tool.name)).toEqual(["shell"]);
  });
});
