import type { ModelToolSpec } from "../model/index.js";
import { inputOf } from "./input-schema.js";
import { InvalidToolArgumentsError } from "./invalid-tool-arguments-error.js";
import type { Tool } from "./tool.js";
import { UnknownToolError } from "./unknown-tool-error.js";

/** The tools of one session, by name, with their argument validation. */
export class ToolRegistry {
  private readonly tools = new Map<string, Tool<unknown>>();
  private specCache: ModelToolSpec[] | undefined;

  constructor(tools: Iterable<Tool<unknown>> = []) {
    for (const tool of tools) this.register(tool);
  }

  /** Adds a tool; a second tool with the same name replaces the first (and is judged as itself, not as it). */
  register(tool: Tool<unknown>): this {
    this.tools.set(tool.name, tool);
    this.specCache = undefined;
    return this;
  }

  get(name: string): Tool<unknown> | undefined {
    return this.tools.get(name);
  }

  names(): string[] {
    return [...this.tools.keys()];
  }

  /** The tools as offered to the model: a JSON Schema tool's schema as given, a zod one converted. */
  specs(): ModelToolSpec[] {
    this.specCache ??= [...this.tools.values()].map((tool) => ({
      name: tool.name,
      description: tool.description,
      inputSchema: inputOf(tool.name, tool.inputSchema).jsonSchema,
    }));
    return this.specCache;
  }

  /** {@link specs} without the deferred tools that `revealed` does not name: what one step lists to the model. */
  listedSpecs(revealed: ReadonlySet<string>): ModelToolSpec[] {
    const specs = this.specs();
    if (![...this.tools.values()].some((tool) => tool.deferred)) return specs;
    return specs.filter((spec) => !this.tools.get(spec.name)?.deferred || revealed.has(spec.name));
  }

  /**
   * Finds the tool and validates raw model arguments (a JSON string, or an already-parsed value). Rejects with
   * {@link UnknownToolError} or {@link InvalidToolArgumentsError}, both meant to be shown to the model, or with
   * `tool.invalid_definition` when a JSON Schema tool's schema does not compile.
   */
  async resolve(name: string, raw: unknown): Promise<{ tool: Tool<unknown>; args: unknown }> {
    const tool = this.tools.get(name);
    if (!tool) throw new UnknownToolError(name, this.names());
    let value = raw;
    if (typeof raw === "string") {
      try {
        value = raw.trim() === "" ? {} : JSON.parse(raw);
      } catch (error) {
        throw new InvalidToolArgumentsError(name, `not valid JSON (${(error as Error).message})`);
      }
    }
    const checked = await inputOf(tool.name, tool.inputSchema).check(value);
    if (!checked.ok) throw new InvalidToolArgumentsError(name, checked.problems);
    return { tool, args: checked.value };
  }
}
