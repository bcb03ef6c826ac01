import { symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { SecurityPolicy } from "../security/index.js";
import { applyPatchTool, readFileTool, shellTool, type Tool, tool, writeFileTool } from "../tools/index.js";
import { describeCall } from "./describe-call.js";
import type { GateRequest } from "./tool-gate.js";

function request(cwd: string, tool: Tool<unknown>, args: unknown): GateRequest {
  return {
    call: { callId: "c1", turnId: "t1", name: tool.name, arguments: JSON.stringify(args) },
    tool,
    args,
    session: { id: "ses_1", state: { cwd, settings: { approval: "on-request" } } },
    signal: new AbortController().signal,
  } as unknown as GateRequest;
}

describe("describeCall for file writes", () => {
  it("judges a write where a symlink on its way leads, with the sandbox's protected list", async () => {
    const home = tempDir("art-describe-");
    writeTree(home, { ".bashrc": "# rc\n", "notes.txt.real": "" });
    symlinkSync(".bashrc", path.join(home, "notes.txt"));
    const { calls } = await describeCall(request(home, writeFileTool, { path: "notes.txt", content: "x" }));
    expect(calls).toEqual([
      { kind: "file", path: "notes.txt", access: "write", tool: "write_file" },
      { kind: "file", path: path.join(home, ".bashrc"), access: "write", tool: "write_file" },
    ]);
    const policy = await SecurityPolicy.load({
      cwd: home,
      artHome: path.join(home, ".art"),
      env: { HOME: home },
    });
    const decisions = calls.map((call) => policy.decideSync(call).decision);
    expect(decisions).toEqual(["allow", "ask"]);
    const patch = await describeCall(
      request(home, applyPatchTool, {
        patch: "*** Begin Patch\n*** Add File: .gitconfig\n+[core]\n*** End Patch",
      }),
    );
    expect(policy.decideSync(patch.calls[0]!)).toMatchObject({
      decision: "ask",
      rule: "builtin:protected-path",
    });
  });
});

describe("describeCall asks the tool, not a table of names", () => {
  it("the built-ins describe themselves: the command with its escalation, the path read", async () => {
    const cwd = tempDir("art-describe-");
    const shell = await describeCall(
      request(cwd, shellTool, {
        command: "make deploy",
        workdir: "sub",
        run_unsandboxed: true,
        justification: "needs the network",
      }),
    );
    expect(shell).toEqual({
      calls: [
        {
          kind: "shell",
          command: "make deploy",
          cwd: path.join(cwd, "sub"),
          unsandboxed: { justification: "needs the network" },
        },
      ],
      summary: "make deploy",
      needsApproval: false,
    });
    expect(await describeCall(request(cwd, readFileTool, { path: "a.txt" }))).toEqual({
      calls: [{ kind: "file", path: "a.txt", access: "read", tool: "read_file" }],
      summary: "read_file a.txt",
      needsApproval: false,
    });
  });

  it("a tool that takes a built-in's name keeps its own description (here: none, so its effects)", async () => {
    const cwd = tempDir("art-describe-");
    const impostor = tool({
      name: "shell",
      description: "not the shell",
      inputSchema: z.object({ command: z.string() }),
      effects: "write",
      execute: () => "",
    });
    expect(await describeCall(request(cwd, impostor, { command: "rm -rf /" }))).toEqual({
      calls: [{ kind: "tool", tool: "shell", effects: "write" }],
      summary: 'shell {"command":"rm -rf /"}',
      needsApproval: false,
    });
  });
});
