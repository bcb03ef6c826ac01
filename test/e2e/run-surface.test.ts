import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { JsonLine } from "../../src/core/index.js";
import { startArt } from "../support/art-process.js";
import { type MockLlmServer, startMockLlmServer } from "../support/mock-llm-server/index.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

function script(responses: unknown[]): string {
  const file = path.join(tempDir("art-scripts-"), "s.json");
  writeFileSync(file, JSON.stringify({ responses }));
  return `scripted:${file}`;
}

async function journal(home: string): Promise<ReturnType<typeof jsonLines>> {
  return jsonLines(
    (await runArt(["show", "--last", "--any-workspace", "--json"], { env: { ART_HOME: home } })).stdout,
  );
}

const LONG_COMMAND = { name: "shell", arguments: { command: "echo started >> effects.txt; sleep 60" } };

describe.each([
  ["SIGTERM", 143],
  ["SIGHUP", 129],
] as const)("%s to art exec", (signal, code) => {
  it(`journals a clean interruption, exits ${code}, and the session resumes`, async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    const model = script([{ toolCalls: [LONG_COMMAND] }, { text: "Done after all." }]);
    const art = startArt(["exec", "--json", "--model", model, "--cwd", dir, "work"], {
      env: { ART_HOME: home },
    });
    const effects = path.join(dir, "effects.txt");
    await art.waitFor(() => existsSync(effects) && readFileSync(effects, "utf8").includes("started"));
    process.kill(art.child.pid!, signal);
    expect(await art.exited).toBe(code);
    expect(art.stderr()).not.toMatch(/\n\s+at /);
    const lines = jsonLines(art.stdout());
    expect(lines.find((line) => line.type === "turn.interrupted")).toBeDefined();
    expect(lines.at(-1)).toMatchObject({ type: "result", status: "interrupted" });
    const stored = await journal(home);
    expect(stored.map((line) => line.type)).toContain("turn.interrupted");
    expect(stored.at(-1)).toMatchObject({ type: "session.ended" });

    const resumed = await runArt(["resume", "--last", "--any-workspace", "--json"], {
      env: { ART_HOME: home },
    });
    expect(resumed.code).toBe(0);
    expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({
      status: "completed",
      finalMessage: "Done after all.",
    });
  });
});

const NUMBERS = Array.from({ length: 600 }, (_, index) => index + 1).join(" ");

describe("a closed stdout", () => {
  it("art exec --json | head -1: the turn is interrupted, journaled and resumable; the exit is quiet", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    const model = script([
      // Prints a line every 50 ms for 30 s, so art keeps writing after the reader has gone.
      {
        toolCalls: [
          { name: "shell", arguments: { command: `for i in ${NUMBERS}; do echo line $i; sleep 0.05; done` } },
        ],
      },
      { text: "Printed." },
    ]);
    const art = startArt(["exec", "--json", "--model", model, "--cwd", dir, "print"], {
      env: { ART_HOME: home },
    });
    await art.waitFor(() => art.stdout().includes("exec.output"));
    // What `head -1` does once it has its line: closes the pipe's reading end.
    art.child.stdout.destroy();
    expect(await art.exited).toBe(141);
    expect(art.stderr()).toBe("");
    const stored = await journal(home);
    expect(stored.find((line) => line.type === "turn.interrupted")).toMatchObject({
      reason: "stdout was closed",
    });
    const resumed = await runArt(["resume", "--last", "--any-workspace", "--json"], {
      env: { ART_HOME: home },
    });
    expect(resumed.code).toBe(0);
    expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({ status: "completed", finalMessage: "Printed." });
  });
});

describe("ids and numbers people use", () => {
  it("art exec prints the session id first and last on stderr; turns count from 1; show names the session", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    const model = script([{ text: "First answer." }, { text: "Second answer." }]);
    const env = { ART_HOME: home };
    const result = await runArt(["exec", "--model", model, "--cwd", dir, "hello"], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("First answer.\n");
    const [id] = jsonLines((await runArt(["sessions", "--json"], { env })).stdout).map((line) => line.id);
    const stderr = result.stderr.trimEnd().split("\n");
    expect(stderr[0]).toContain(`session ${id}`);
    expect(stderr.at(-1)).toContain(`${id}`);
    expect(result.stderr).toContain("▶ turn 1: hello");
    expect(result.stderr).toContain("turn 1 completed");

    const resumed = await runArt(["resume", String(id), "again"], { env });
    expect(resumed.stderr).toContain("▶ turn 2: again");
    expect(resumed.stderr.trimEnd().split("\n").at(-1)).toContain(`${id}`);
    const show = await runArt(["show", String(id)], { env });
    expect(show.stdout).toContain(`session ${id}`);
    expect(show.stdout).toContain("▶ turn 1: hello");
    expect(show.stdout).toContain("▶ turn 2: again");
    const sessions = await runArt(["sessions"], { env });
    expect(sessions.stdout).toMatch(/ 2 turns /);
  });

  it.each([
    ["a typo'd provider", ["--model", "opneai:gpt-5"], {}, "model.spec_invalid"],
    ["a missing key", ["--model", "openai:gpt-5"], { OPENAI_API_KEY: "" }, "model.api_key_missing"],
  ])("%s fails before a session exists, printed once", async (_name, flags, extraEnv, code) => {
    const home = tempDir("art-home-");
    const env = { ART_HOME: home, ...extraEnv };
    const result = await runArt(["exec", ...flags, "--cwd", tempDir(), "task"], { env });
    expect(result.code).toBe(1);
    expect(result.stderr.split(`[${code}]`)).toHaveLength(2);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(jsonLines((await runArt(["sessions", "--json"], { env })).stdout)).toEqual([]);
  });

  it("a turn failure is printed once, with the session id and how to mend it", async () => {
    const home = tempDir("art-home-");
    const result = await runArt(["exec", "--model", script([]), "--cwd", tempDir(), "task"], {
      env: { ART_HOME: home },
    });
    expect(result.code).toBe(1);
    expect(result.stderr.split("[model.script_exhausted]")).toHaveLength(2);
    expect(result.stderr.trimEnd().split("\n").at(-1)).toMatch(/art resume ses_\w+ \(--model SPEC/);
  });

  it("art exec - reads the task from stdin", async () => {
    const home = tempDir("art-home-");
    const result = await runArt(
      ["exec", "--json", "--model", script([{ text: "Ok." }]), "--cwd", tempDir(), "-"],
      {
        env: { ART_HOME: home },
        input: "a task\nover two lines\n",
      },
    );
    expect(result.code).toBe(0);
    expect(jsonLines(result.stdout).find((line) => line.type === "turn.started")).toMatchObject({
      input: "a task\nover two lines",
    });
  });
});

describe("the JSON-lines contract", () => {
  it("one casing, a session id and turn on every event, call ids on exec.* and patch.applied, a final result", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    const patch = "*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n";
    const model = script([
      { toolCalls: [{ name: "shell", arguments: { command: "echo out; echo err >&2" } }] },
      { toolCalls: [{ name: "apply_patch", arguments: { patch } }] },
      { text: "Both done." },
    ]);
    const result = await runArt(["exec", "--json", "--model", model, "--cwd", dir, "work"], {
      env: { ART_HOME: home },
    });
    expect(result.code).toBe(0);
    const lines = jsonLines(result.stdout);
    for (const line of lines) {
      expect(JsonLine.safeParse(line).success).toBe(true);
      for (const key of Object.keys(line)) expect(key).toMatch(/^[a-z][a-zA-Z]*$/);
      expect(line.sessionId).toMatch(/^ses_/);
      if (!["session.started", "settings.changed", "session.ended", "result"].includes(line.type)) {
        expect(line.turnId, line.type).toMatch(/^turn_/);
      }
    }
    const byType = (type: string) => lines.filter((line) => line.type === type);
    for (const type of ["exec.begin", "exec.output", "exec.end", "patch.applied"]) {
      expect(byType(type).length, type).toBeGreaterThan(0);
      for (const line of byType(type)) expect(line.callId).toMatch(/^call_/);
    }
    const [result_] = byType("result");
    expect(lines.at(-1)).toBe(result_);
    expect(result_).toMatchObject({
      type: "result",
      sessionId: lines[0]!.sessionId,
      status: "completed",
      finalMessage: "Both done.",
      usage: { inputTokens: expect.any(Number), outputTokens: expect.any(Number) },
      durationMs: expect.any(Number),
    });
    // The library's StoredEvent and the CLI line use the same names.
    const stored = jsonLines(
      (await runArt(["show", "--last", "--any-workspace", "--json"], { env: { ART_HOME: home } })).stdout,
    );
    expect(stored.map(({ seq, sessionId, type }) => ({ seq, sessionId, type }))).toEqual(
      lines.slice(0, -1).map(({ seq, sessionId, type }) => ({ seq, sessionId, type })),
    );
  });
});

describe("one casing for every --json output", () => {
  it("art fork --json speaks camelCase, and a bad --model on resume changes nothing", async () => {
    const home = tempDir("art-home-");
    const env = { ART_HOME: home };
    const model = script([{ text: "One." }]);
    expect((await runArt(["exec", "--model", model, "--cwd", tempDir(), "one"], { env })).code).toBe(0);
    const fork = await runArt(["fork", "--last", "--any-workspace", "--json"], { env });
    expect(fork.code).toBe(0);
    const [line] = jsonLines(fork.stdout);
    expect(Object.keys(line!).sort()).toEqual(["atTurn", "forkedFrom", "sessionId"]);

    const before = await journal(home);
    const typo = await runArt(["resume", String(line!.sessionId), "--model", "opneai:gpt-5", "again"], {
      env,
    });
    expect(typo.code).toBe(1);
    expect(typo.stderr.split("[model.spec_invalid]")).toHaveLength(2);
    expect(await journal(home)).toEqual(before);
  });
});

describe("output for scripts", () => {
  const SCHEMA = {
    type: "object",
    properties: { answer: { type: "number" } },
    required: ["answer"],
    additionalProperties: false,
  };

  it("--output-last-message writes the final message; --output-schema parses and checks it", async () => {
    const dir = tempDir();
    const schema = path.join(dir, "schema.json");
    const last = path.join(dir, "last.txt");
    writeFileSync(schema, JSON.stringify(SCHEMA));
    const model = script([{ text: '{"answer": 42}' }]);
    const result = await runArt(
      [
        "exec",
        "--json",
        "--model",
        model,
        "--cwd",
        dir,
        "--output-schema",
        schema,
        "--output-last-message",
        last,
        "q",
      ],
      { env: { ART_HOME: tempDir("art-home-") } },
    );
    expect(result.code).toBe(0);
    expect(readFileSync(last, "utf8")).toBe('{"answer": 42}');
    expect(jsonLines(result.stdout).at(-1)).toMatchObject({
      type: "result",
      status: "completed",
      output: { answer: 42 },
    });
  });

  it("a final message that does not match the schema is a clear failure, and the session is kept", async () => {
    const dir = tempDir();
    const schema = path.join(dir, "schema.json");
    writeFileSync(schema, JSON.stringify(SCHEMA));
    const model = script([{ text: '{"answer": "forty-two"}' }]);
    const home = tempDir("art-home-");
    const result = await runArt(["exec", "--model", model, "--cwd", dir, "--output-schema", schema, "q"], {
      env: { ART_HOME: home },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("does not match --output-schema");
    expect(result.stderr).toContain("[output.schema_mismatch]");
    expect(
      jsonLines((await runArt(["sessions", "--json"], { env: { ART_HOME: home } })).stdout),
    ).toHaveLength(1);
  });

  it("an unusable schema file fails before a session exists", async () => {
    const dir = tempDir();
    const schema = path.join(dir, "schema.json");
    writeFileSync(schema, "{ not json");
    const home = tempDir("art-home-");
    const result = await runArt(
      ["exec", "--model", script([{ text: "x" }]), "--cwd", dir, "--output-schema", schema, "q"],
      { env: { ART_HOME: home } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("[output.schema_invalid]");
    expect(jsonLines((await runArt(["sessions", "--json"], { env: { ART_HOME: home } })).stdout)).toEqual([]);
  });

  let server: MockLlmServer | undefined;
  afterEach(async () => {
    await server?.close({ allowUnconsumed: true });
    server = undefined;
  });

  it("the schema goes to the provider as the response format (OpenAI Responses)", async () => {
    server = await startMockLlmServer({ responses: [{ text: '{"answer": 1}' }] });
    const dir = tempDir();
    const schema = path.join(dir, "schema.json");
    writeFileSync(schema, JSON.stringify(SCHEMA));
    const result = await runArt(
      [
        "exec",
        "--json",
        "--model",
        "openai:gpt-test",
        "--base-url",
        `${server.url}/v1`,
        "--cwd",
        dir,
        "--output-schema",
        schema,
        "q",
      ],
      { env: { ART_HOME: tempDir("art-home-"), OPENAI_API_KEY: "test" } },
    );
    expect(result.code).toBe(0);
    const body = server.requests[0]!.body as { text?: { format?: Record<string, unknown> } };
    expect(body.text?.format).toMatchObject({ type: "json_schema", schema: SCHEMA });
  });
});
