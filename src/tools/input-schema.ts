import { z } from "zod";
import { ToolDefinitionError } from "./tool-definition-error.js";

/** A JSON Schema object describing a tool's arguments (its top level must be `type: "object"`). */
export type JsonSchema = { readonly [keyword: string]: unknown };

/** How a tool's arguments are checked: zod, or a JSON Schema given as a plain object. */
export type InputSchema<A> = z.ZodType<A> | JsonSchema;

/** The outcome of checking one call's arguments. */
export type InputCheck = { ok: true; value: unknown } | { ok: false; problems: string };

/** A tool's input schema, ready for the model (its JSON Schema) and for checking arguments. */
export interface ToolInput {
  /** The JSON Schema sent to the model: the one given, or the zod schema converted (draft 7, input side). */
  readonly jsonSchema: Record<string, unknown>;
  /** Checks (and, for zod, parses: defaults applied) raw arguments; never throws for bad arguments. */
  check(value: unknown): Promise<InputCheck>;
}

/** True for a zod schema, also one made by another copy of zod 4. */
export function isZodSchema(schema: unknown): schema is z.ZodType {
  return (
    typeof schema === "object" &&
    schema !== null &&
    "_zod" in schema &&
    typeof (schema as { safeParseAsync?: unknown }).safeParseAsync === "function"
  );
}

// Schemas are long-lived (one per tool); each is converted and compiled once, whichever tool object carries it.
const INPUTS = new WeakMap<object, ToolInput>();

/** The {@link ToolInput} of `schema` (cached per schema object). */
export function inputOf(toolName: string, schema: InputSchema<unknown>): ToolInput {
  let input = INPUTS.get(schema);
  if (!input) {
    input = isZodSchema(schema) ? zodInput(schema) : jsonSchemaInput(toolName, schema);
    INPUTS.set(schema, input);
  }
  return input;
}

function zodInput(schema: z.ZodType): ToolInput {
  let rendered: Record<string, unknown> | undefined;
  return {
    get jsonSchema() {
      rendered ??= z.toJSONSchema(schema, { target: "draft-7", io: "input" }) as Record<string, unknown>;
      return rendered;
    },
    async check(value) {
      const parsed = await schema.safeParseAsync(value);
      if (parsed.success) return { ok: true, value: parsed.data };
      const problems = parsed.error.issues
        .map((issue) => `${issue.path.length ? issue.path.join(".") : "(root)"}: ${issue.message}`)
        .join("; ");
      return { ok: false, problems };
    },
  };
}

type Validate = ((value: unknown) => boolean) & {
  errors?: { instancePath: string; message?: string }[] | null;
};

/**
 * The validator is Ajv (draft 7 by default, 2019-09 or 2020-12 when `$schema` names them), loaded on the first
 * call of a JSON Schema tool: it costs ~100 ms to load and compile, which sessions whose tools are all zod never pay.
 */
async function compile(toolName: string, schema: JsonSchema): Promise<Validate> {
  const dialect = typeof schema.$schema === "string" ? schema.$schema : "";
  const module = dialect.includes("2020-12")
    ? await import("ajv/dist/2020.js")
    : dialect.includes("2019-09")
      ? await import("ajv/dist/2019.js")
      : await import("ajv");
  // Ajv is CommonJS: its class is the default export (and that export's own `default`).
  const exported = module.default as unknown as { default?: unknown };
  const Ajv = (exported.default ?? exported) as new (
    options: Record<string, unknown>,
  ) => { compile(schema: unknown): Validate };
  // Unknown keywords and formats are allowed (MCP servers send them); defaults are filled in like zod's.
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, validateFormats: false });
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw new ToolDefinitionError(toolName, `its JSON Schema does not compile (${(error as Error).message})`);
  }
}

function jsonSchemaInput(toolName: string, schema: JsonSchema): ToolInput {
  let validate: Promise<Validate> | undefined;
  return {
    jsonSchema: schema as Record<string, unknown>,
    async check(value) {
      validate ??= compile(toolName, schema);
      const run = await validate;
      // Ajv fills in defaults in place: check a copy, never the caller's (or the journal's) object.
      const copy = structuredClone(value);
      if (run(copy)) return { ok: true, value: copy };
      const problems = (run.errors ?? [])
        .map(
          (error) =>
            `${error.instancePath ? error.instancePath.slice(1).replaceAll("/", ".") : "(root)"}: ${error.message ?? "is invalid"}`,
        )
        .join("; ");
      return { ok: false, problems };
    },
  };
}
