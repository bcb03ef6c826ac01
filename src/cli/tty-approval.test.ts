import { describe, expect, it } from "vitest";
import { memoryIO } from "../../test/support/memory-io.js";
import { ttyApprovalHandler } from "./tty-approval.js";

const io = () => memoryIO({ tty: true });

const request = {
  sessionId: "s",
  approvalId: "a",
  tool: "shell",
  summary: "git push --force",
  reason: "it rewrites history",
  rule: "builtin:dangerous-git-force-push",
  details: { cwd: "/repo" },
};

describe("ttyApprovalHandler", () => {
  it("shows the command, where and why, and re-asks on a bad answer", async () => {
    const terminal = io();
    const answer = ttyApprovalHandler(terminal)(request, new AbortController().signal);
    terminal.stdin.write("maybe\n");
    terminal.stdin.write("s\n");
    expect(await answer).toBe("approve-session");
    expect(terminal.err()).toContain("$ git push --force");
    expect(terminal.err()).toContain("in /repo");
    expect(terminal.err()).toContain("[builtin:dangerous-git-force-push]");
    expect(terminal.err()).toContain("Answer y, s, a, n or q.");
  });

  it("denies when the input closes, and rejects when the turn is cancelled", async () => {
    const closed = io();
    const denied = ttyApprovalHandler(closed)(request, new AbortController().signal);
    closed.stdin.end();
    expect(await denied).toBe("deny");
    const controller = new AbortController();
    const cancelled = ttyApprovalHandler(io())(request, controller.signal);
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: "aborted" });
  });
});
