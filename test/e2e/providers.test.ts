import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type MockLlmServer, startMockLlmServer } from "../support/mock-llm-server/index.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir, writeTree } from "../support/temp-workspace.js";

const PROVIDERS = [
  { spec: "openai:gpt-test", env: "OPENAI_API_KEY", api: "openai-responses" },
  { spec: "anthropic:claude-test", env: "ANTHROPIC_API_KEY", api: "anthropic-messages" },
  { spec: "openai-compatible:local-test", env: "OPENAI_COMPATIBLE_API_KEY", api: "openai-chat" },
] as const;

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close({ allowUnconsumed: true });
  server = undefined;
});

describe.each(PROVIDERS)("art exec through $spec over real HTTP", ({ spec, env }) => {
  it("streams text, runs tool calls, feeds results back and reports usage", async () => {
    server = await startMockLlmServer({
      responses: [
        {
          reasoning: "Look first.",
          text: "Reading the file.",
          toolCalls: [{ name: "read_file", arguments: { path: "notes.txt" } }],
        },
        { toolCalls: [{ name: "shell", arguments: { command: "wc -l < notes.txt | tee count.txt" } }] },
        { text: "The file has 2 lines." },
      ],
      faults: [{ type: "status", status: 429, headers: { "retry-after": "0" } }],
    });
    const cwd = tempDir();
    writeTree(cwd, { "notes.txt": "alpha\nbeta\n" });
    const result = await runArt(
      ["exec", "--json", "--model", spec, "--base-url", `${server.url}/v1`, "--cwd", cwd, "count the lines"],
      { env: { ART_HOME: tempDir(), [env]: "test-key" } },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    const text = events
      .filter((event) => event.type === "message.delta")
      .map((event) => event.delta)
      .join("");
    expect(text).toBe("Reading the file.The file has 2 lines.");
    expect(events.find((event) => event.type === "error")).toMatchObject({ willRetry: true });
    const results = events.filter((event) => event.type === "tool.result");
    expect(results.map((event) => [event.name, event.ok])).toEqual([
      ["read_file", true],
      ["shell", true],
    ]);
    expect(readFileSync(path.join(cwd, "count.txt"), "utf8").trim()).toBe("2");
    const completed = events.find((event) => event.type === "turn.completed") as unknown as {
      usage: { inputTokens: number; outputTokens: number };
    };
    expect(completed.usage.inputTokens).toBeGreaterThan(0);
    expect(completed.usage.outputTokens).toBeGreaterThan(0);
    // The third request carried both tool results back to the model.
    const last = JSON.stringify(server.requests.at(-1)?.body);
    expect(last).toContain("call_0_0");
    expect(last).toContain("call_1_0");
    expect(last).toContain("alpha");
  });
});

describe("a response cut off mid-stream", () => {
  it("is sampled again as a whole step, and the journal keeps one completed step", async () => {
    server = await startMockLlmServer({
      responses: [{ text: "one two three four five six seven eight nine ten" }],
      faults: [{ type: "drop", afterEvents: 6 }],
    });
    const result = await runArt(
      [
        "exec",
        "--json",
        "--model",
        "openai:gpt-test",
        "--base-url",
        `${server.url}/v1`,
        "--cwd",
        tempDir(),
        "count",
      ],
      { env: { ART_HOME: tempDir(), OPENAI_API_KEY: "test-key" } },
    );
    expect(result.code).toBe(0);
    const events = jsonLines(result.stdout);
    expect(events.find((event) => event.type === "error")).toMatchObject({ willRetry: true });
    const steps = events.filter((event) => event.type === "step.completed");
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({ text: "one two three four five six seven eight nine ten" });
    // Part of the answer had streamed before the connection dropped: this was a mid-stream redo.
    const streamed = events
      .filter((event) => event.type === "message.delta")
      .map((event) => event.delta)
      .join("");
    expect(streamed.startsWith("one")).toBe(true);
    expect(streamed.length).toBeGreaterThan("one two three four five six seven eight nine ten".length);
  });
});
