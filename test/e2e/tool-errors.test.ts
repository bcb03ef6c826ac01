import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

function script(dir: string, responses: unknown[]): string {
  const file = path.join(dir, "script.json");
  writeFileSync(file, JSON.stringify({ responses }));
  return `scripted:${file}`;
}

describe("bad input through the CLI", () => {
  it("turns invalid tool arguments into a tool error the model reads, and finishes", async () => {
    const dir = tempDir();
    const model = script(dir, [
      { toolCalls: [{ name: "shell", arguments: { command: 42 } }] },
      { toolCalls: [{ name: "read_file", arguments: { path: "../../etc/passwd", limit: -1 } }] },
      { text: "I will stop here." },
    ]);
    const result = await runArt(["exec", "--json", "--model", model, "--cwd", dir, "go"], {
      env: { ART_HOME: tempDir() },
    });
    expect(result.code).toBe(0);
    const results = jsonLines(result.stdout).filter((event) => event.type === "tool.result");
    expect(results).toHaveLength(2);
    for (const event of results) {
      expect(event).toMatchObject({ ok: false, error: { code: "tool.invalid_arguments" } });
    }
    expect(String(results[0]?.output)).toMatch(/command/);
  });

  it("fails clearly on an unreachable provider, exits non-zero and keeps the journal", async () => {
    const home = tempDir();
    const dir = tempDir();
    const result = await runArt(
      [
        "exec",
        "--model",
        "openai-compatible:local",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--cwd",
        dir,
        "hello",
      ],
      { env: { ART_HOME: home, ART_MODEL_MAX_RETRIES: "1" }, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/127\.0\.0\.1:9/);
    expect(result.stderr).toMatch(/art resume/);
    const shown = jsonLines(
      (await runArt(["show", "--last", "--any-workspace", "--json"], { env: { ART_HOME: home } })).stdout,
    );
    expect(shown.map((event) => event.type)).toEqual(
      expect.arrayContaining(["session.started", "turn.started", "turn.failed", "session.ended"]),
    );
    expect(shown.find((event) => event.type === "turn.started")).toMatchObject({ input: "hello" });
  });

  it("names an unknown config key and exits non-zero without starting a session", async () => {
    const home = tempDir();
    writeFileSync(path.join(home, "config.toml"), 'sandbox = "workspace-write"\nmodle = "x"\n');
    const result = await runArt(["exec", "--model", "scripted:/nope.json", "go"], {
      env: { ART_HOME: home },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown key "modle"/);
  });
});

describe("exec policy rules from the command line", () => {
  it("a Codex rule passed with --rules forbids a command, and the model is told which rule", async () => {
    const dir = tempDir();
    const rules = path.join(dir, "team.rules");
    writeFileSync(
      rules,
      'prefix_rule(pattern=["touch"], decision="forbidden", justification="use write_file")\n',
    );
    const model = script(dir, [
      { toolCalls: [{ name: "shell", arguments: { command: "touch made.txt" } }] },
      { text: "ok" },
    ]);
    const result = await runArt(["exec", "--json", "--rules", rules, "--model", model, "--cwd", dir, "go"], {
      env: { ART_HOME: tempDir() },
    });
    expect(result.code).toBe(0);
    const toolResult = jsonLines(result.stdout).find((event) => event.type === "tool.result");
    expect(String(toolResult?.output)).toMatch(
      /^Not run: forbidden by policy: .*use write_file.*team\.rules:1/,
    );
    expect(existsSync(path.join(dir, "made.txt"))).toBe(false);
  });
});
