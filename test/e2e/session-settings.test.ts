import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIGURATIONS } from "../sandbox/harness.js";
import { startArt } from "../support/art-process.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

type Line = ReturnType<typeof jsonLines>[number];

function script(dir: string, name: string, responses: unknown[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify({ responses }));
  return file;
}

const FORBID_RULES = `version = 1
[[rule]]
prefix = ["echo", "FORBIDDEN"]
decision = "forbid"
justification = "the test's forbid rule"
`;

/** The whole journal of the newest session, as --json lines. */
async function journal(home: string): Promise<Line[]> {
  return jsonLines(
    (await runArt(["show", "--last", "--any-workspace", "--json"], { env: { ART_HOME: home } })).stdout,
  );
}

describe.each(CONFIGURATIONS)("a session's rules are the session's ($name)", (configuration) => {
  it("after kill -9, art resume --last still applies a --rules forbid rule, whatever the file says now", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    const scripts = tempDir("art-scripts-");
    const rules = path.join(scripts, "forbid.toml");
    writeFileSync(rules, FORBID_RULES);
    const model = script(scripts, "s.json", [
      { toolCalls: [{ name: "shell", arguments: { command: "echo first >> effects.txt; sleep 60" } }] },
      { toolCalls: [{ name: "shell", arguments: { command: "echo FORBIDDEN >> effects.txt" } }] },
      { text: "Finished." },
    ]);
    const env = { ART_HOME: home, ...configuration.env };
    const art = startArt(
      ["exec", "--json", "--model", `scripted:${model}`, "--cwd", dir, "--rules", rules, "work"],
      { env },
    );
    const effects = path.join(dir, "effects.txt");
    await art.waitFor(() => existsSync(effects) && readFileSync(effects, "utf8").includes("first"));
    process.kill(-art.child.pid!, "SIGKILL");
    await art.exited;
    // The attacker's step: the file the session read is gone, replaced by one that allows the command.
    rmSync(rules);
    writeFileSync(rules, 'version = 1\n[[rule]]\nprefix = ["echo"]\ndecision = "allow"\n');

    const resumed = await runArt(["resume", "--last", "--any-workspace", "--json"], { env });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(readFileSync(effects, "utf8")).toBe("first\n");
    const refused = jsonLines(resumed.stdout).find(
      (line) => line.type === "tool.result" && line.callId === "call_1_0",
    );
    expect(refused).toMatchObject({ ok: false });
    expect(String(refused?.output)).toContain("the test's forbid rule");

    // The next run on the session (a follow-up) is governed by the same journaled rules.
    writeFileSync(
      model,
      JSON.stringify({
        responses: [
          { toolCalls: [{ name: "shell", arguments: { command: "echo first >> effects.txt; sleep 60" } }] },
          { toolCalls: [{ name: "shell", arguments: { command: "echo FORBIDDEN >> effects.txt" } }] },
          { text: "Finished." },
          { toolCalls: [{ name: "shell", arguments: { command: "echo FORBIDDEN again >> effects.txt" } }] },
          { text: "Still no." },
        ],
      }),
    );
    const followUp = await runArt(["resume", "--last", "--any-workspace", "--json", "try again"], { env });
    expect(followUp.code).toBe(0);
    expect(readFileSync(effects, "utf8")).toBe("first\n");
  });
});

describe("everything that governs a session is journaled", () => {
  it("without the rule the same command runs (the control for the test above)", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    const model = script(tempDir("art-scripts-"), "s.json", [
      { toolCalls: [{ name: "shell", arguments: { command: "echo FORBIDDEN >> effects.txt" } }] },
      { text: "Finished." },
    ]);
    const result = await runArt(["exec", "--json", "--model", `scripted:${model}`, "--cwd", dir, "work"], {
      env: { ART_HOME: home },
    });
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(dir, "effects.txt"), "utf8")).toBe("FORBIDDEN\n");
  });

  it("session.started carries the rule files' text and digest, checkpoints, the child environment and instructions", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    const scripts = tempDir("art-scripts-");
    const rules = path.join(scripts, "forbid.toml");
    writeFileSync(rules, FORBID_RULES);
    writeFileSync(path.join(home, "rules.toml"), "version = 1\n");
    writeFileSync(
      path.join(home, "config.toml"),
      'env_allow = ["MY_TOOL_*"]\ninstructions = "Be brief."\n[env_set]\nGREETING = "hello"\n',
    );
    const model = script(scripts, "s.json", [{ text: "Done." }]);
    const result = await runArt(
      [
        "exec",
        "--json",
        "--no-checkpoints",
        "--model",
        `scripted:${model}`,
        "--cwd",
        dir,
        "--rules",
        rules,
        "x",
      ],
      { env: { ART_HOME: home } },
    );
    expect(result.code).toBe(0);
    const [started] = jsonLines(result.stdout);
    expect(started).toMatchObject({
      type: "session.started",
      settings: {
        checkpoints: false,
        childEnv: { allow: ["MY_TOOL_*"], set: { GREETING: "hello" } },
        instructions: "Be brief.",
        rules: [
          { path: path.join(home, "rules.toml"), layer: "user", content: "version = 1\n" },
          { path: rules, layer: "extra", content: FORBID_RULES },
        ],
      },
    });
    const snapshot = (started as unknown as { settings: { rules: { sha256: string }[] } }).settings.rules[1]!;
    expect(snapshot.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("--no-checkpoints and env_set from config hold on resume, although the config changed", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    writeFileSync(path.join(home, "config.toml"), '[env_set]\nGREETING = "hello"\n');
    const model = script(tempDir("art-scripts-"), "s.json", [
      { toolCalls: [{ name: "shell", arguments: { command: 'echo "$GREETING" >> out.txt' } }] },
      { text: "One." },
      { toolCalls: [{ name: "shell", arguments: { command: 'echo "$GREETING" >> out.txt' } }] },
      { text: "Two." },
    ]);
    const env = { ART_HOME: home };
    const first = await runArt(
      ["exec", "--json", "--no-checkpoints", "--model", `scripted:${model}`, "--cwd", dir, "one"],
      { env },
    );
    expect(first.code).toBe(0);
    writeFileSync(path.join(home, "config.toml"), 'checkpoints = true\n[env_set]\nGREETING = "changed"\n');
    const second = await runArt(["resume", "--last", "--any-workspace", "--json", "two"], { env });
    expect(second.code).toBe(0);
    expect(readFileSync(path.join(dir, "out.txt"), "utf8")).toBe("hello\nhello\n");
    const all = await journal(home);
    expect(all.filter((line) => line.type === "checkpoint.created")).toEqual([]);
    expect(all.filter((line) => line.type === "settings.changed")).toEqual([]);
  });

  it("resume flags are journaled settings changes; ART_MODEL is not applied on resume", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-ws-");
    const scripts = tempDir("art-scripts-");
    const model = script(scripts, "a.json", [{ text: "A one." }, { text: "A two." }]);
    const other = script(scripts, "b.json", [{ text: "B one." }, { text: "B two." }, { text: "B three." }]);
    const env = { ART_HOME: home };
    const first = await runArt(["exec", "--json", "--model", `scripted:${model}`, "--cwd", dir, "one"], {
      env,
    });
    expect(first.code).toBe(0);

    const silent = await runArt(["resume", "--last", "--any-workspace", "--json", "two"], {
      env: { ...env, ART_MODEL: `scripted:${other}` },
    });
    expect(silent.code).toBe(0);
    expect(jsonLines(silent.stdout).at(-1)).toMatchObject({ type: "result", finalMessage: "A two." });
    expect(jsonLines(silent.stdout).some((line) => line.type === "settings.changed")).toBe(false);

    const changed = await runArt(
      [
        "resume",
        "--last",
        "--any-workspace",
        "--json",
        "--model",
        `scripted:${other}`,
        "--sandbox",
        "read-only",
        "three",
      ],
      { env },
    );
    expect(changed.code).toBe(0);
    const lines = jsonLines(changed.stdout);
    expect(lines[0]).toMatchObject({
      type: "settings.changed",
      changed: ["model", "sandbox"],
      by: "resume",
      settings: { model: `scripted:${other}`, sandbox: "read-only", approval: "on-request" },
    });
    expect(lines.at(-1)).toMatchObject({ type: "result", finalMessage: "B three." });
    const sessions = jsonLines((await runArt(["sessions", "--json"], { env })).stdout);
    expect(sessions[0]).toMatchObject({ model: `scripted:${other}` });
  });

  it("art resume --help lists what can be changed", async () => {
    const help = await runArt(["resume", "--help"]);
    expect(help.code).toBe(0);
    for (const flag of [
      "--model",
      "--base-url",
      "--sandbox",
      "--network",
      "--writable",
      "--approval",
      "--rules",
    ]) {
      expect(help.stdout).toContain(flag);
    }
    expect(help.stdout).toContain("--no-checkpoints");
    expect(help.stdout).toContain("settings.changed");
  });
});
