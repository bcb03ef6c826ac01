import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openSqliteJournal } from "../../src/store/index.js";
import { REPO_ROOT } from "../support/repo-root.js";
import { tempDir } from "../support/temp-workspace.js";

const CHILD = path.join(REPO_ROOT, "test", "e2e", "fixtures", "suspend-child.ts");

function child(args: string[], home: string) {
  const result = spawnSync(process.execPath, ["--import", "tsx", CHILD, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ART_HOME: home, HOME: home },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout.trim().split("\n").at(-1)!);
}

describe("an approval across a restart", () => {
  it("suspends in one process, which exits holding nothing, and is answered and run once in the next", async () => {
    const home = tempDir("art-home-");
    const cwd = tempDir();
    const script = path.join(tempDir(), "script.json");
    writeFileSync(
      script,
      JSON.stringify({
        responses: [
          { toolCalls: [{ name: "shell", arguments: { command: "echo ran >> made.txt" } }] },
          { text: "Made it." },
        ],
      }),
    );
    const first = child(["run", script, cwd], home);
    expect(first).toMatchObject({ status: "awaiting-approval" });
    expect(existsSync(path.join(cwd, "made.txt"))).toBe(false);
    const approvalId = first.awaitingApprovals[0].approvalId as string;

    const second = child(["answer", script, cwd, first.sessionId, approvalId], home);
    expect(second).toMatchObject({ status: "completed", finalMessage: "Made it." });
    // `>>` appends: a second run of the command would leave two lines.
    expect(readFileSync(path.join(cwd, "made.txt"), "utf8")).toBe("ran\n");

    const journal = openSqliteJournal({ path: path.join(home, "art.db") });
    const types: string[] = [];
    for await (const { event } of journal.read(first.sessionId)) types.push(event.type);
    await journal.close();
    expect(types.filter((type) => type === "approval.requested")).toHaveLength(1);
    expect(types.filter((type) => type === "session.ended")).toHaveLength(2);
    expect(types.indexOf("tool.started")).toBeGreaterThan(types.indexOf("approval.decided"));
  });
});
