import { z } from "zod";
import { InvalidInputError } from "../core/index.js";

/** Checks a final message against a JSON Schema: the parsed value, or what is wrong, in words for the model. */
export type OutputCheck = (
  finalMessage: string,
) => { ok: true; value: unknown } | { ok: false; problem: string };

/** Compiles an agent's `output_schema` (JSON Schema); one this runtime cannot check is an error before any run. */
export function compileOutputSchema(agent: string, schema: Record<string, unknown>): OutputCheck {
  let validator: z.ZodType;
  try {
    validator = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new InvalidInputError(
      `The output_schema of agent "${agent}" is not a JSON Schema this runtime can check (${(error as Error).message}).`,
      { hint: "Fix output_schema in the agent's definition." },
    );
  }
  return (finalMessage) => {
    let value: unknown;
    try {
      value = JSON.parse(stripFence(finalMessage));
    } catch {
      return { ok: false, problem: "it is not JSON" };
    }
    const parsed = validator.safeParse(value);
    if (parsed.success) return { ok: true, value: parsed.data };
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
    return { ok: false, problem: `${issue?.message ?? "invalid"}${where}` };
  };
}

/** Models often wrap JSON in a ``` fence; the fence is not part of the answer. */
function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text);
  return fenced ? fenced[1]! : text;
}
