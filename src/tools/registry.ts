import { z } from "zod";
import type { ModelToolSpec } from "../model/model-client.js";
import { InvalidToolArgumentsError } from "./invalid-tool-arguments-error.js";
import type { Tool } from "./tool.js";
import { UnknownToolError } from "./unknown-tool-error.js";

// Rendering a JSON Schema takes a fraction of a millisecond per tool; tools are long-lived, so render each once.
const SPECS = new WeakMap<Tool<unknown>, ModelToolSpec>();

function specOf(tool: Tool<unknown>): ModelToolSpec {
  let spec = SPECS.get(tool);
  if (!spec) {
    spec = {
      name: tool.name,
      description: tool.description,
      inputSchema: z.toJSONSchema(tool.schema as z.ZodType, { target: "draft-7", io: "input" }) as Record<
        string,
        unknown
      >,
    };
    SPECS.set(tool, spec);
  }
  return spec;
}

/** The tools of one session, by name, with their argument validation. */
export class ToolRegistry {
  private readonly tools = new Map<string, Tool<unknown>>();
  private specCache: ModelToolSpec[] | undefined;

  constructor(tools: Iterable<Tool<unknown>> = []) {
    for (const tool of tools) this.register(tool);
  }

  /** Adds a tool; a second tool with the same name replaces the first. */
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

  /** The tools as offered to the model, with JSON Schemas rendered from their zod schemas. */
  specs(): ModelToolSpec[] {
    this.specCache ??= [...this.tools.values()].map(specOf);
    return this.specCache;
  }

  /**
   * Finds the tool and validates raw model arguments (a JSON string, or an already-parsed value). Throws
   * {@link UnknownToolError} or {@link InvalidToolArgumentsError}, both meant to be shown to the model.
   */
  resolve(name: string, raw: unknown): { tool: Tool<unknown>; args: unknown } {
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
    const parsed = (tool.schema as z.ZodType).safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues
        .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
        .join("; ");
      throw new InvalidToolArgumentsError(name, problems);
    }
    return { tool, args: parsed.data };
  }
}
