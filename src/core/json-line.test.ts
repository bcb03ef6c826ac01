import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { JsonLine, jsonLineSchema } from "./json-line.js";

const SCHEMA_FILE = fileURLToPath(new URL("../../docs/json-output.schema.json", import.meta.url));

describe("the --json line contract", () => {
  it("docs/json-output.schema.json is generated from the zod vocabulary (ART_UPDATE_SCHEMA=1 rewrites it)", () => {
    const expected = `${JSON.stringify(jsonLineSchema(), null, 2)}\n`;
    if (process.env.ART_UPDATE_SCHEMA === "1") writeFileSync(SCHEMA_FILE, expected);
    expect(JSON.parse(readFileSync(SCHEMA_FILE, "utf8"))).toEqual(JSON.parse(expected));
  });

  it("accepts an event line and a result line, and refuses the old snake_case envelope", () => {
    const envelope = { sessionId: "ses_1", seq: 3, time: 1, v: 2, turnId: "turn_1", agent: "coder" };
    expect(
      JsonLine.safeParse({
        type: "exec.end",
        callId: "c",
        exitCode: 0,
        signal: null,
        durationMs: 1,
        ...envelope,
      }).success,
    ).toBe(true);
    const result = {
      type: "result",
      sessionId: "ses_1",
      status: "completed",
      finalMessage: "ok",
      usage: { inputTokens: 1, outputTokens: 2 },
      durationMs: 5,
    };
    expect(JsonLine.safeParse(result).success).toBe(true);
    const { sessionId: _sessionId, ...withoutId } = envelope;
    expect(
      JsonLine.safeParse({
        type: "turn.interrupted",
        reason: "x",
        session_id: "ses_1",
        ...withoutId,
      }).success,
    ).toBe(false);
  });
});
