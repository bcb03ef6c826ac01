import { z } from "zod";

/** Version of our rule file format. */
export const RULES_FORMAT_VERSION = 1;

const decision = z
  .enum(["allow", "ask", "forbid"])
  .describe("allow runs it, ask needs approval, forbid refuses it");
const justification = z.string().min(1).optional().describe("Why the rule exists; shown with the decision");
const example = z.union([z.string(), z.array(z.string()).min(1)]);

const PrefixEntry = z
  .object({
    prefix: z
      .array(z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]))
      .min(1)
      .describe("argv prefix; a nested list gives alternatives for one position"),
    exact: z.boolean().optional().describe("match only commands with exactly these words"),
    decision,
    justification,
    match: z.array(example).optional().describe("examples that must match (checked when the file loads)"),
    not_match: z
      .array(example)
      .optional()
      .describe("examples that must not match (checked when the file loads)"),
  })
  .strict();

const PathEntry = z
  .object({
    path: z
      .string()
      .min(1)
      .describe("glob: workspace-relative, /absolute or ~/home-relative; ** spans directories"),
    access: z.enum(["read", "write"]),
    decision,
    justification,
  })
  .strict();

const ToolEntry = z
  .object({
    tool: z
      .string()
      .min(1)
      .describe("tool name; shell/Bash match every shell call, Read/Edit/Write file calls"),
    decision,
    justification,
  })
  .strict();

/** One `[[rule]]` table. */
export const RuleEntry = z.union([PrefixEntry, PathEntry, ToolEntry]);
export type RuleEntry = z.infer<typeof RuleEntry>;

/** A whole rule file (`$ART_HOME/rules.toml`, `<repo>/.art/rules.toml`). */
export const RuleFile = z
  .object({
    version: z.literal(RULES_FORMAT_VERSION).describe("format version; must be 1"),
    rule: z.array(RuleEntry).default([]).describe("the rules, as [[rule]] tables"),
  })
  .strict()
  .describe("Agent Runtime permission rules");
export type RuleFile = z.infer<typeof RuleFile>;

/** The JSON Schema of the rule file, as published in docs/rules.schema.json. */
export function rulesJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(RuleFile, { io: "input" }),
    $id: "https://agent-runtime.dev/schemas/rules.schema.json",
    title: "Agent Runtime rules.toml",
  };
}
