import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { ToolRegistry, tool } from "./index.js";

const weatherSchema = {
  type: "object",
  properties: {
    city: { type: "string", minLength: 1 },
    unit: { type: "string", enum: ["c", "f"], default: "c" },
  },
  required: ["city"],
  additionalProperties: false,
} as const;

const weather = tool<{ city: string; unit: "c" | "f" }>({
  name: "weather",
  description: "the weather in a city",
  inputSchema: weatherSchema,
  effects: "read",
  execute: (args) => `${args.city} in ${args.unit}`,
});

describe("tool()", () => {
  it("types a zod tool's arguments from its schema (defaults applied)", () => {
    const echo = tool({
      name: "echo",
      description: "echoes",
      inputSchema: z.object({ text: z.string(), times: z.number().default(1) }),
      effects: "read",
      execute(args) {
        expectTypeOf(args).toEqualTypeOf<{ text: string; times: number }>();
        return args.text.repeat(args.times);
      },
    });
    expect(echo.name).toBe("echo");
  });

  it("refuses definitions providers or the runtime would refuse later, with tool.invalid_definition", () => {
    const base = { description: "d", inputSchema: z.object({}), effects: "read" as const, execute: () => "" };
    expect(() => tool({ ...base, name: "has space" })).toThrow(
      expect.objectContaining({ code: "tool.invalid_definition", message: expect.stringContaining("name") }),
    );
    expect(() => tool({ ...base, name: "x".repeat(65) })).toThrow(/name/);
    expect(() => tool({ ...base, name: "ok", effects: "network" as never })).toThrow(/effects/);
    expect(() => tool({ ...base, name: "ok", inputSchema: { type: "string" } })).toThrow(
      /describe an object/,
    );
    expect(() => tool({ ...base, name: "ok", inputSchema: [] as never })).toThrow(
      /zod schema or a JSON Schema/,
    );
    expect(() => tool({ ...base, name: "ok", needsApproval: "yes" as never })).toThrow(/needsApproval/);
  });
});

describe("ToolRegistry with a JSON Schema tool", () => {
  const registry = new ToolRegistry([weather]);

  it("sends the model the JSON Schema exactly as given", () => {
    expect(registry.specs()).toEqual([
      { name: "weather", description: "the weather in a city", inputSchema: weatherSchema },
    ]);
  });

  it("validates arguments before execute sees them, and fills in defaults", async () => {
    expect(await registry.resolve("weather", '{"city":"Oslo"}')).toMatchObject({
      args: { city: "Oslo", unit: "c" },
    });
    await expect(registry.resolve("weather", '{"city":"","unit":"k","extra":1}')).rejects.toMatchObject({
      code: "tool.invalid_arguments",
      message: expect.stringMatching(
        /\(root\): must NOT have additional properties; city: must NOT have fewer than 1 characters; unit: must be equal to one of the allowed values Call/,
      ),
    });
    await expect(registry.resolve("weather", "{}")).rejects.toThrow(/must have required property 'city'/);
  });

  it("never changes the caller's arguments object when filling defaults", async () => {
    const raw = { city: "Rome" };
    await registry.resolve("weather", raw);
    expect(raw).toEqual({ city: "Rome" });
  });

  it("follows draft 2020-12 when the schema says so", async () => {
    const tuple = tool({
      name: "pair",
      description: "a pair",
      inputSchema: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
        properties: {
          pair: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false },
        },
        required: ["pair"],
      },
      effects: "read",
      execute: () => "",
    });
    const pairs = new ToolRegistry([tuple]);
    expect((await pairs.resolve("pair", { pair: ["a", 1] })).args).toEqual({ pair: ["a", 1] });
    await expect(pairs.resolve("pair", { pair: ["a", 1, 2] })).rejects.toThrow(
      /must NOT have more than 2 items/,
    );
    await expect(pairs.resolve("pair", { pair: [1, 1] })).rejects.toThrow(/pair.0: must be string/);
  });

  it("a schema that does not compile fails every call of that tool, never running it unchecked", async () => {
    let ran = false;
    const broken = tool({
      name: "broken",
      description: "bad schema",
      inputSchema: { type: "object", properties: { x: { type: "no-such-type" } } },
      effects: "read",
      execute: () => {
        ran = true;
        return "";
      },
    });
    const tools = new ToolRegistry([broken]);
    for (let attempt = 0; attempt < 2; attempt++)
      await expect(tools.resolve("broken", {})).rejects.toMatchObject({ code: "tool.invalid_definition" });
    expect(ran).toBe(false);
  });
});
