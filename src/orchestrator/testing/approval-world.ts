import path from "node:path";
import { scriptedModelFromResponses } from "../../model/index.js";
import { openSqliteJournal } from "../../store/index.js";
import { Agent } from "../agent.js";
import type { ApprovalAnswer, ApprovalRequest } from "../approval.js";

/** A scripted step that calls the shell tool once. */
export const shell = (command: string) => ({ toolCalls: [{ name: "shell", arguments: { command } }] });

/** An approver that gives `answers` in order, then denies, and records every summary it was asked about. */
export function scriptedApprover(answers: ApprovalAnswer[]) {
  const asked: string[] = [];
  const remaining = [...answers];
  const onApproval = async (request: ApprovalRequest): Promise<ApprovalAnswer> => {
    asked.push(request.summary);
    return remaining.shift() ?? "deny";
  };
  return { asked, onApproval };
}

/**
 * An agent under `approval: untrusted` (every unknown command asks) that suspends on approvals, over the SQLite
 * journal in `home`: each call is a new "process" as the lease sees it (its own journal handle).
 */
export function suspendingAgent(home: string, responses: Parameters<typeof scriptedModelFromResponses>[0]) {
  return Agent.create({
    model: scriptedModelFromResponses(responses, { spec: "scripted:test" }),
    journal: openSqliteJournal({ path: path.join(home, "art.db") }),
    artHome: home,
    sandbox: "full-access",
    approval: "untrusted",
    suspendOnApproval: true,
    checkpoints: false,
    env: { ...process.env, HOME: home },
  });
}
