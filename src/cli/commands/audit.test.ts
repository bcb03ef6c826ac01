import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { memoryIO as memoryStreams } from "../../../test/support/memory-io.js";
import { AuditLog } from "../../security/index.js";
import { runCli } from "../main.js";

function memoryIO(cwd: string, env: NodeJS.ProcessEnv) {
  return memoryStreams({ cwd, env });
}

async function setup() {
  const artHome = mkdtempSync(path.join(os.tmpdir(), "art-cli-audit-"));
  const log = await AuditLog.open({ artHome, sessionId: "sess1" });
  await log.append({ type: "tool.called", callId: "c1", tool: "shell", summary: "npm test" });
  await log.append({
    type: "policy.decided",
    callId: "c1",
    decision: "allow",
    reason: "sandboxed",
    rule: "builtin:sandboxed-default",
  });
  return { artHome, io: memoryIO(artHome, { ART_HOME: artHome }) };
}

describe("art audit", () => {
  it("verify succeeds on an intact log and fails naming the first bad record", async () => {
    const { artHome, io } = await setup();
    expect(await runCli(["audit", "verify"], io)).toBe(0);
    expect(io.out()).toBe("ok: 3 records in 1 session(s) verified\n");
    const file = path.join(artHome, "audit", "sess1.jsonl");
    writeFileSync(file, readFileSync(file, "utf8").replace("npm test", "npm tset"));
    const after = memoryIO(artHome, io.env);
    expect(await runCli(["audit", "verify", "--session", "sess1"], after)).toBe(1);
    expect(after.err()).toContain("session sess1: record 2");
    expect(after.err()).toContain("edited");
  });

  it("show prints records, as text or as stored JSON", async () => {
    const { artHome, io } = await setup();
    expect(await runCli(["audit", "show", "--session", "sess1"], io)).toBe(0);
    expect(io.out()).toMatch(/^sess1 #2 \S+ tool.called c1 shell: npm test$/m);
    const json = memoryIO(artHome, io.env);
    await runCli(["audit", "show", "--json"], json);
    expect(
      json
        .out()
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).type),
    ).toEqual(["audit.opened", "tool.called", "policy.decided"]);
  });
});
