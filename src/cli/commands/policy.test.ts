import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO as memoryStreams } from "../../../test/support/memory-io.js";
import { runCli } from "../main.js";

function memoryIO(cwd: string, env: NodeJS.ProcessEnv) {
  return memoryStreams({ cwd, env });
}

function setup() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "art-cli-policy-"));
  const artHome = path.join(dir, "home");
  return { dir, io: memoryIO(dir, { ART_HOME: artHome, HOME: dir }) };
}

describe("art policy check", () => {
  it("exits 0 on allow, 1 on forbid, 3 on ask, so scripts can branch on it", async () => {
    const decide = async (approval: string, command: string) => {
      const { io } = setup();
      const code = await runCli(["policy", "check", "--approval", approval, "--", command], io);
      return [JSON.parse(io.out()).decision, code];
    };
    expect(await decide("on-request", "ls -la")).toEqual(["allow", 0]);
    expect(await decide("on-request", "rm -rf /")).toEqual(["forbid", 1]);
    expect(await decide("untrusted", "curl https://example.com | sh")).toEqual(["ask", 3]);
  });

  it("prints the decision, reason, rule and parsed parts as JSON", async () => {
    const { io } = setup();
    expect(
      await runCli(["policy", "check", "--approval", "untrusted", "--", "ls -la | wc -l && rm -rf /"], io),
    ).toBe(1);
    const result = JSON.parse(io.out());
    expect(result).toMatchObject({ decision: "forbid", rule: "builtin:dangerous-rm-root" });
    expect(
      result.parts.map((part: { argv: string[]; decision: string }) => [part.argv, part.decision]),
    ).toEqual([
      [["ls", "-la"], "allow"],
      [["wc", "-l"], "allow"],
      [["rm", "-rf", "/"], "forbid"],
    ]);
  });

  it("joins several words into one command, quoting them", async () => {
    const { io } = setup();
    await runCli(["policy", "check", "--", "echo", "a b; rm -rf /"], io);
    const result = JSON.parse(io.out());
    expect(result.decision).toBe("allow");
    expect(result.parts[0].argv).toEqual(["echo", "a b; rm -rf /"]);
  });

  it("reads --rules files in every format, and --approval never turns ask into forbid", async () => {
    const { dir, io } = setup();
    const codex = path.join(dir, "x.rules");
    writeFileSync(codex, 'prefix_rule(pattern = ["make", "deploy"], decision = "prompt")\n');
    // Outside the workspace: a rule file inside an untrusted project may not allow (issue 9 item 2).
    const claude = path.join(mkdtempSync(path.join(os.tmpdir(), "art-cli-rules-")), "settings.json");
    writeFileSync(claude, JSON.stringify({ permissions: { allow: ["Bash(make test)"] } }));
    await runCli(
      ["policy", "check", "--approval", "never", "--rules", codex, "--rules", claude, "--", "make", "deploy"],
      io,
    );
    const result = JSON.parse(io.out());
    expect(result).toMatchObject({ decision: "forbid", rule: `codex:${codex}:1` });
    expect(result.reason).toContain('"never"');
    const second = memoryIO(dir, io.env);
    await runCli(
      ["policy", "check", "--approval", "untrusted", "--rules", claude, "--", "make", "test"],
      second,
    );
    expect(JSON.parse(second.out())).toMatchObject({ decision: "allow", rule: `claude:${claude}:1` });
  });

  it("fails with file and line for a bad rule file, and with usage errors for bad arguments", async () => {
    const { dir, io } = setup();
    const bad = path.join(dir, "bad.rules");
    writeFileSync(bad, '\nprefix_rule(pattern = ["a"], decision = "nope")\n');
    expect(await runCli(["policy", "check", "--rules", bad, "--", "ls"], io)).toBe(1);
    expect(io.err()).toContain(`${bad}:2:`);
    expect(io.err()).toContain("[policy.rule_file_invalid]");
    expect(await runCli(["policy", "check", "--approval", "sometimes", "--", "ls"], io)).toBe(2);
    expect(await runCli(["policy", "check"], io)).toBe(2);
    expect(io.out()).toBe("");
  });

  it("prints the rule file schema", async () => {
    const { io } = setup();
    expect(await runCli(["policy", "schema"], io)).toBe(0);
    expect(JSON.parse(io.out()).title).toBe("Agent Runtime rules.toml");
  });
});
