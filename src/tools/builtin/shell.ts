import path from "node:path";
import { z } from "zod";
import { resolveInWorkspace } from "../../workspace/index.js";
import { shortSummary } from "../policy-description.js";
import { tool } from "../tool.js";

const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_TIMEOUT_MS = 30 * 60_000;

const ShellArgs = z.object({
  command: z.string().min(1).describe("The bash script to run (run as `bash -c <command>`)."),
  workdir: z
    .string()
    .optional()
    .describe("Directory to run in, relative to the workspace. Defaults to its root."),
  timeout_ms: z
    .number()
    .int()
    .positive()
    .max(MAX_TIMEOUT_MS)
    .optional()
    .describe(`Kill the command after this many milliseconds (default ${DEFAULT_TIMEOUT_MS}).`),
  run_unsandboxed: z
    .boolean()
    .optional()
    .describe("Ask to run outside the sandbox (needs the user's approval; say why in justification)."),
  justification: z.string().optional().describe("Why the command needs to run outside the sandbox."),
});

/** `shell`: runs a command under the session's sandbox and returns its exit code and output. */
export const shellTool = tool({
  name: "shell",
  description:
    "Run a shell command in the workspace and return its exit code and combined output. Commands run in a sandbox; " +
    "prefer read-only inspection (rg, ls, cat) before editing, and run the project's tests to check your work.",
  inputSchema: ShellArgs,
  effects: "exec",
  // The command itself is judged (and whether it asks to leave the sandbox), not the tool.
  describeForPolicy(args, context) {
    const cwd = args.workdir ? path.resolve(context.cwd, args.workdir) : context.cwd;
    const escalation = args.run_unsandboxed
      ? { unsandboxed: args.justification ? { justification: args.justification } : {} }
      : {};
    return {
      calls: [{ kind: "shell", command: args.command, cwd, ...escalation }],
      summary: shortSummary(args.command),
    };
  },
  async execute(args, context) {
    const cwd = args.workdir ? resolveInWorkspace(context.cwd, args.workdir).absolute : context.cwd;
    const outcome = await context.commands.run(
      { command: args.command, cwd, timeoutMs: args.timeout_ms ?? DEFAULT_TIMEOUT_MS },
      { callId: context.callId, signal: context.signal },
    );
    const lines = [
      outcome.timedOut
        ? `Timed out after ${args.timeout_ms ?? DEFAULT_TIMEOUT_MS} ms; the command and its children were killed.`
        : `Exit code: ${outcome.exitCode ?? `killed by ${outcome.signal}`}`,
      `Wall time: ${(outcome.durationMs / 1000).toFixed(1)} s`,
    ];
    if (outcome.sandboxDenied) lines.push(`Sandbox: ${outcome.sandboxDenied}`);
    lines.push("Output:", outcome.output);
    return {
      content: [{ type: "text", text: lines.join("\n") }],
      ok: outcome.exitCode === 0 && !outcome.timedOut,
      ...(outcome.sandboxDenied ? { sandboxDenied: outcome.sandboxDenied } : {}),
    };
  },
});
