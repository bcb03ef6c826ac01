import { createInterface } from "node:readline";
import { AbortedError } from "../core/index.js";
import type { ApprovalAnswer, ApprovalHandler, ApprovalRequest } from "../orchestrator/index.js";
import type { CliIO } from "./command.js";

const ANSWERS: Record<string, ApprovalAnswer> = {
  y: "approve-once",
  s: "approve-session",
  a: "approve-always",
  n: "deny",
  q: "abort",
};

/** The question, as shown on the terminal. */
export function formatApprovalPrompt(request: ApprovalRequest): string {
  const lines = [``, `Approval needed — ${request.tool}:`];
  lines.push(request.tool === "shell" ? `  $ ${request.summary}` : `  ${request.summary}`);
  if (typeof request.details.cwd === "string") lines.push(`  in ${request.details.cwd}`);
  if (request.details.unsandboxed === true) lines.push("  OUTSIDE the sandbox");
  lines.push(`  because ${request.reason}${request.rule ? ` [${request.rule}]` : ""}`);
  const parts = request.details.parts;
  if (Array.isArray(parts) && parts.length > 1) {
    for (const part of parts as { argv: string[]; decision: string }[])
      lines.push(`    ${part.decision.padEnd(6)} ${part.argv.join(" ")}`);
  }
  lines.push(
    "[y] yes, once  [s] yes, for this session  [a] yes, always (saves a project rule)  [n] no  [q] no, stop the turn",
  );
  return `${lines.join("\n")}\n> `;
}

/** Asks on the terminal and waits for one of the listed keys (Enter after it). */
export function ttyApprovalHandler(io: CliIO): ApprovalHandler {
  return (request, signal) =>
    new Promise((resolve, reject) => {
      const readline = createInterface({ input: io.stdin, output: io.stderr, terminal: false });
      let settled = false;
      const finish = (answer: ApprovalAnswer | undefined, error?: Error) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        if (answer) resolve(answer);
        else reject(error ?? new AbortedError());
        readline.close();
      };
      const onAbort = () => finish(undefined, new AbortedError());
      signal.addEventListener("abort", onAbort, { once: true });
      io.stderr.write(formatApprovalPrompt(request));
      readline.on("line", (line) => {
        const answer = ANSWERS[line.trim().toLowerCase()];
        if (answer) finish(answer);
        else io.stderr.write("Answer y, s, a, n or q.\n> ");
      });
      readline.on("close", () => finish("deny"));
    });
}
