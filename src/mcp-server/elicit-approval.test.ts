import { describe, expect, it } from "vitest";
import type { ApprovalRequest } from "../orchestrator/index.js";
import {
  type DeniedApproval,
  type ElicitChannel,
  elicitingApprover,
  NO_ELICITATION_REASON,
} from "./elicit-approval.js";

const REQUEST: ApprovalRequest = {
  sessionId: "ses_1",
  approvalId: "apr_1",
  tool: "shell",
  summary: "rm -rf build",
  reason: "it deletes files",
  details: { cwd: "/work" },
};

function channel(canElicit: boolean, reply: ElicitChannel["elicit"]): ElicitChannel {
  return { canElicit: () => canElicit, elicit: reply };
}

const ask = (approver: ReturnType<typeof elicitingApprover>) =>
  approver(REQUEST, new AbortController().signal);

describe("approvals through elicitation", () => {
  it("passes the chosen decision through and shows the command, its directory and the reason", async () => {
    const seen: string[] = [];
    const approver = elicitingApprover(
      channel(true, async (params) => {
        seen.push(params.message);
        return { action: "accept", content: { decision: "approve-session" } };
      }),
      [],
    );
    expect(await ask(approver)).toBe("approve-session");
    expect(seen[0]).toContain("rm -rf build");
    expect(seen[0]).toContain("in /work");
    expect(seen[0]).toContain("because it deletes files");
  });

  it.each([
    ["a declined form", { action: "decline" as const }],
    ["a cancelled form", { action: "cancel" as const }],
    ["a decision it was not offered", { action: "accept" as const, content: { decision: "yes" } }],
    ["no decision", { action: "accept" as const, content: {} }],
  ])("denies on %s", async (_, reply) => {
    const approver = elicitingApprover(
      channel(true, async () => reply),
      [],
    );
    expect(await ask(approver)).toBe("deny");
  });

  it("denies without asking, with the reason recorded, when the client cannot elicit", async () => {
    const denied: DeniedApproval[] = [];
    let asked = false;
    const approver = elicitingApprover(
      channel(false, async () => {
        asked = true;
        return { action: "accept", content: { decision: "approve-once" } };
      }),
      denied,
    );
    expect(await ask(approver)).toBe("deny");
    expect(asked).toBe(false);
    expect(denied).toEqual([
      { approvalId: "apr_1", tool: "shell", summary: "rm -rf build", reason: NO_ELICITATION_REASON },
    ]);
  });

  it("denies, with the client's error as the reason, when the elicitation request fails", async () => {
    const denied: DeniedApproval[] = [];
    const approver = elicitingApprover(
      channel(true, async () => {
        throw new Error("Method not found");
      }),
      denied,
    );
    expect(await ask(approver)).toBe("deny");
    expect(denied[0]?.reason).toMatch(/did not answer the elicitation \(Method not found\)/);
  });
});
