import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SecurityPolicy } from "./security-policy.js";

async function load(approval: "untrusted" | "on-request" | "on-failure" | "never" = "on-request") {
  const dir = mkdtempSync(path.join(os.tmpdir(), "art-sp-"));
  return SecurityPolicy.load({ cwd: dir, artHome: dir, approval, env: { HOME: "/home/t" } });
}

describe("SecurityPolicy", () => {
  it("loads without the bash parser; decideSync needs prepare() for shell calls only", async () => {
    const policy = await load();
    expect(policy.decideSync({ kind: "file", path: "a.txt", access: "read" }).decision).toBe("allow");
    expect(() => policy.decideSync({ kind: "shell", command: "ls" })).toThrow(/prepare\(\)/);
    expect((await policy.decide({ kind: "shell", command: "ls" })).decision).toBe("allow");
    expect(policy.decideSync({ kind: "shell", command: "ls" }).decision).toBe("allow");
  });

  it("asks before leaving the sandbox unless every part was allowed explicitly", async () => {
    const policy = await load();
    const escalate = { justification: "needs the network" };
    expect(await policy.decide({ kind: "shell", command: "npm install" })).toMatchObject({
      decision: "allow",
    });
    const asked = await policy.decide({ kind: "shell", command: "npm install", unsandboxed: escalate });
    expect(asked).toMatchObject({ decision: "ask", rule: "builtin:escalation" });
    expect(asked.reason).toContain("needs the network");
    expect(
      await policy.decide({ kind: "shell", command: "git status", unsandboxed: escalate }),
    ).toMatchObject({ decision: "allow" });
    const retry = await policy.decide({
      kind: "shell",
      command: "npm test",
      unsandboxed: { afterSandboxDenial: true },
    });
    expect(retry.reason).toContain("the sandbox blocked it");
    const never = await (await load("never")).decide({
      kind: "shell",
      command: "npm install",
      unsandboxed: escalate,
    });
    expect(never.decision).toBe("forbid");
  });

  it("uses the policy's approval mode unless the call's context overrides it", async () => {
    const policy = await load("untrusted");
    expect((await policy.decide({ kind: "shell", command: "make" })).decision).toBe("ask");
    expect(
      (await policy.decide({ kind: "shell", command: "make" }, { approval: "on-failure" })).decision,
    ).toBe("allow");
    expect(
      (await policy.decide({ kind: "tool", tool: "x", effects: "write" }, { approval: "never" })).decision,
    ).toBe("allow");
    expect(
      (await policy.decide({ kind: "file", path: "a", access: "write" }, { approval: "never" })).decision,
    ).toBe("allow");
    expect(
      (await policy.decide({ kind: "file", path: "/etc/a", access: "write" }, { approval: "never" }))
        .decision,
    ).toBe("forbid");
  });

  it("session approvals: rules for the parts that asked, and exact commands past built-in floors", async () => {
    const policy = await load("untrusted");
    const call = { kind: "shell", command: "ls && make build && npm test" } as const;
    const first = await policy.decide(call);
    expect(first.decision).toBe("ask");
    const sessionRules = policy.rulesForApproval(call, first);
    expect(sessionRules.map((rule) => rule.kind === "prefix" && rule.pattern)).toEqual([
      ["make", "build"],
      ["npm", "test"],
    ]);
    expect(await policy.decide(call, { sessionRules })).toMatchObject({ decision: "allow" });
    expect(
      (await policy.decide({ kind: "shell", command: "make build --force" }, { sessionRules })).decision,
    ).toBe("ask");
    const push = { kind: "shell", command: "git push --force" } as const;
    expect(
      (await policy.decide(push, { sessionRules: policy.rulesForApproval(push, await policy.decide(push)) }))
        .decision,
    ).toBe("ask");
    expect(await policy.decide(push, { approvedCommands: new Set([push.command]) })).toMatchObject({
      decision: "allow",
      rule: "session:approved",
    });
    expect(
      (
        await policy.decide(
          { kind: "shell", command: "rm -rf /" },
          { approvedCommands: new Set(["rm -rf /"]) },
        )
      ).decision,
    ).toBe("forbid");
  });

  it("reports every part with its argv, env, redirections and wrappers", async () => {
    const policy = await load();
    const decision = await policy.decide({
      kind: "shell",
      command: "FOO=1 bash -lc 'sudo -u x cat a > out.txt' 2>/dev/null",
    });
    expect(decision.parts).toEqual([
      {
        argv: ["cat", "a"],
        text: "sudo -u x cat a > out.txt",
        env: ["FOO"],
        redirects: [{ op: ">", target: "out.txt", access: "write" }],
        via: ["bash -c", "sudo"],
        decision: "ask",
        reason: "sudo runs a command with elevated privileges",
        rule: "builtin:dangerous-root",
      },
      {
        argv: [],
        text: "FOO=1 bash -lc 'sudo -u x cat a > out.txt' 2>/dev/null",
        env: ["FOO"],
        redirects: [{ op: "2>", target: "/dev/null", access: "write" }],
        via: [],
        decision: "allow",
        reason: "writes to /dev/null",
        rule: "builtin:harmless-device",
      },
    ]);
  });
});
