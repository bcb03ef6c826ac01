import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseArtRules } from "./art-toml.js";
import { RuleFile, rulesJsonSchema } from "./schema.js";

const SCHEMA_FILE = fileURLToPath(new URL("../../../docs/rules.schema.json", import.meta.url));

describe("published JSON Schema", () => {
  it("docs/rules.schema.json is generated from the zod schema (ART_UPDATE_SCHEMA=1 rewrites it)", () => {
    const expected = `${JSON.stringify(rulesJsonSchema(), null, 2)}\n`;
    if (process.env.ART_UPDATE_SCHEMA === "1") writeFileSync(SCHEMA_FILE, expected);
    // Compared as data, so a formatter may re-wrap the file.
    expect(JSON.parse(readFileSync(SCHEMA_FILE, "utf8"))).toEqual(JSON.parse(expected));
  });

  it("describes the same shapes the loader accepts", () => {
    const schema = rulesJsonSchema() as {
      required?: string[];
      additionalProperties?: boolean;
      properties: Record<string, unknown>;
    };
    expect(schema.required).toEqual(["version"]);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties).sort()).toEqual(["rule", "version"]);
    expect(RuleFile.safeParse({ version: 1, rule: [{ tool: "x", decision: "allow" }] }).success).toBe(true);
    expect(parseArtRules('version = 1\n[[rule]]\ntool = "x"\ndecision = "allow"\n', "t.toml")).toHaveLength(
      1,
    );
  });
});
