import { z } from "zod";
import { resolveInWorkspace } from "../../workspace/index.js";
import { defineTool } from "../tool.js";

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
export const shellTool = defineTool({
  name: "shell",
  description:
    "Run a shell command in the workspace and return its exit code and combined output. Commands run in a sandbox; " +
    "prefer read-only inspection (rg, ls, cat) before editing, and run the project's tests to check your work.",
  schema: ShellArgs,
  effects: "exec",
  async run(args, context) {
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
      output: lines.join("\n"),
      ok: outcome.exitCode === 0 && !outcome.timedOut,
      ...(outcome.sandboxDenied ? { sandboxDenied: outcome.sandboxDenied } : {}),
    };
  },
});
