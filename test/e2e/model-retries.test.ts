import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type MockFault,
  type MockLlmServer,
  refusedUrl,
  startMockLlmServer,
} from "../support/mock-llm-server/index.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const ANSWER = "one two three four five six seven eight nine ten";

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close({ allowUnconsumed: true });
  server = undefined;
});

/** `art exec --json` against `baseUrl` with the given environment; returns the exit code and the events. */
async function exec(baseUrl: string, env: NodeJS.ProcessEnv, artHome = tempDir()) {
  const result = await runArt(
    [
      "exec",
      "--json",
      "--model",
      "openai:gpt-test",
      "--base-url",
      `${baseUrl}/v1`,
      "--cwd",
      tempDir(),
      "count",
    ],
    { env: { ART_HOME: artHome, OPENAI_API_KEY: "test-key", ...env } },
  );
  const events = jsonLines(result.stdout);
  const retries = events.filter((event) => event.type === "error" && event.willRetry === true);
  const failed = events.find((event) => event.type === "turn.failed") as
    | { error: { code: string; message: string } }
    | undefined;
  return { code: result.code, events, retries, failed, stderr: result.stderr };
}

const faults = (fault: MockFault, count: number): MockFault[] => Array.from({ length: count }, () => fault);

describe("one retry budget per model request, owned by the client", () => {
  it("ART_MODEL_MAX_RETRIES=1 makes exactly two requests to a failing server, not one per step retry", async () => {
    server = await startMockLlmServer({
      responses: [{ text: ANSWER }],
      faults: faults({ type: "status", status: 503 }, 10),
    });
    const { code, retries, failed } = await exec(server.url, { ART_MODEL_MAX_RETRIES: "1" });
    expect(code).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(failed?.error.code).toBe("model.request_failed");
    expect(failed?.error.message).toContain("HTTP 503 (attempt 2 of 2, every one failing the same way)");
  });

  it("a refused connection costs maxRetries + 1 attempts with one counter", async () => {
    const url = await refusedUrl();
    const { code, retries, failed } = await exec(url, { ART_MODEL_MAX_RETRIES: "2" });
    expect(code).toBe(1);
    expect(
      retries.map((event) => (event.error as { message: string }).message.match(/attempt \d of \d/)?.[0]),
    ).toEqual(["attempt 1 of 3", "attempt 2 of 3"]);
    expect(failed?.error.code).toBe("model.unreachable");
    expect(failed?.error.message).toContain("(attempt 3 of 3, every one failing the same way)");
  });

  it("a step that breaks mid-stream is redone from the same budget", async () => {
    server = await startMockLlmServer({
      responses: [{ text: ANSWER }],
      faults: faults({ type: "drop", afterEvents: 6 }, 2),
    });
    const { code, failed, events } = await exec(server.url, { ART_MODEL_MAX_RETRIES: "1" });
    // Two attempts in all: the third request, which would have succeeded, is never made.
    expect(server.requests).toHaveLength(2);
    expect(code).toBe(1);
    expect(failed?.error.code).toBe("model.stream_failed");
    expect(failed?.error.message).toContain("(attempt 2 of 2, every one failing the same way)");
    expect(events.filter((event) => event.type === "step.started")).toHaveLength(2);
    expect(events.filter((event) => event.type === "step.completed")).toHaveLength(0);
  });

  it("an in-stream server_error after text is retried and the turn completes with one whole step", async () => {
    server = await startMockLlmServer({
      responses: [{ text: ANSWER }],
      faults: [{ type: "error-event", afterEvents: 6, message: "The server had an error" }],
    });
    const { code, events, retries } = await exec(server.url, {});
    expect(code).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toMatchObject({ code: "model.stream_failed" });
    expect(String((retries[0]?.error as { message?: string } | undefined)?.message)).not.toContain(
      "base URL",
    );
    expect(events.filter((event) => event.type === "step.completed").map((event) => event.text)).toEqual([
      ANSWER,
    ]);
    expect(events.filter((event) => event.type === "message.completed").map((event) => event.text)).toEqual([
      ANSWER,
    ]);
  });
});

describe("the stream idle timeout", () => {
  it("ART_MODEL_IDLE_TIMEOUT aborts a stalled stream and retries it", async () => {
    server = await startMockLlmServer({
      responses: [{ text: ANSWER }],
      faults: [{ type: "stall", afterEvents: 6 }],
    });
    const { code, events, retries } = await exec(server.url, { ART_MODEL_IDLE_TIMEOUT: "1" });
    expect(code).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(retries.map((event) => (event.error as { code: string }).code)).toEqual(["model.stream_idle"]);
    expect(events.filter((event) => event.type === "step.completed").map((event) => event.text)).toEqual([
      ANSWER,
    ]);
  });

  it("model_idle_timeout_sec in config.toml does the same", async () => {
    server = await startMockLlmServer({ responses: [{ text: ANSWER }], faults: [{ type: "hang" }] });
    const artHome = tempDir();
    writeFileSync(path.join(artHome, "config.toml"), "model_idle_timeout_sec = 1\n");
    const { code, retries } = await exec(server.url, {}, artHome);
    expect(code).toBe(0);
    expect(server.requests).toHaveLength(2);
    expect(String((retries[0]?.error as { message?: string } | undefined)?.message)).toContain(
      "sent nothing for 1 s (attempt 1 of 5)",
    );
  });

  it("a bad ART_MODEL_IDLE_TIMEOUT is a typed error naming the variable", async () => {
    server = await startMockLlmServer({ responses: [{ text: ANSWER }] });
    const { code, failed, stderr } = await exec(server.url, { ART_MODEL_IDLE_TIMEOUT: "soon" });
    expect(code).not.toBe(0);
    const message = failed?.error.message ?? stderr;
    expect(message).toContain('ART_MODEL_IDLE_TIMEOUT must be a positive number of seconds, got "soon"');
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(server.requests).toHaveLength(0);
  });
});
