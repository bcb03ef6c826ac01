import { readFileSync } from "node:fs";
import { z } from "zod";
import { ArtError } from "../core/index.js";

/** `--output-schema`: the file is unusable, or the final message does not match it. */
export class OutputSchemaError extends ArtError {
  constructor(code: "output.schema_invalid" | "output.schema_mismatch", message: string, hint: string) {
    super(code, message, { hint });
  }
}

/** A JSON Schema the final message must satisfy, read once before the run starts. */
export interface OutputSchema {
  /** The schema as given; passed to the model as its response format. */
  schema: Record<string, unknown>;
  /** The final message parsed as JSON, or the error saying why it does not match. */
  check(finalMessage: string): { ok: true; value: unknown } | { ok: false; error: OutputSchemaError };
}

/** Reads and compiles `--output-schema FILE`; a missing or invalid file is an error before anything runs. */
export function readOutputSchema(file: string): OutputSchema {
  const fail = (problem: string) =>
    new OutputSchemaError(
      "output.schema_invalid",
      `--output-schema ${file}: ${problem}.`,
      "Give a JSON file holding a JSON Schema object.",
    );
  let schema: unknown;
  try {
    schema = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fail(code ? `cannot read it (${code})` : `not valid JSON (${(error as Error).message})`);
  }
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) throw fail("not a JSON object");
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw fail(`not a JSON Schema this runtime can check (${(error as Error).message})`);
  }
  const mismatch = (problem: string) =>
    new OutputSchemaError(
      "output.schema_mismatch",
      `The final message does not match --output-schema: ${problem}.`,
      "The session is kept; ask for a corrected answer with art resume.",
    );
  return {
    schema: schema as Record<string, unknown>,
    check(finalMessage) {
      let value: unknown;
      try {
        value = JSON.parse(finalMessage);
      } catch {
        return { ok: false, error: mismatch("it is not JSON") };
      }
      const parsed = validator.safeParse(value);
      if (parsed.success) return { ok: true, value };
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
      return { ok: false, error: mismatch(`${issue?.message ?? "invalid"}${where}`) };
    },
  };
}
