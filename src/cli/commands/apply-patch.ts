import path from "node:path";
import { parseArgs } from "node:util";
import { applyPatch, formatSummary } from "../../patch/index.js";
import type { CliIO, CommandMain } from "../command.js";
import { UsageError } from "../usage-error.js";

const USAGE = `Usage: art apply-patch [--cwd DIR] < patch

Applies a patch read from stdin: the Codex apply_patch format (*** Begin Patch ... *** End Patch) or a unified
diff (git diff). All or nothing: on any error the tree is left untouched and the error goes to stderr.

Options:
  --cwd DIR   Workspace the patch's paths resolve in (default: the current directory)
  --help      Print this help
`;

async function readAll(io: CliIO): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin)
    chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** `art apply-patch`: prints Codex's summary on success; errors propagate as typed errors (exit 1). */
export const main: CommandMain = async (args, io) => {
  let values: { cwd?: string | undefined; help?: boolean | undefined };
  try {
    ({ values } = parseArgs({
      args,
      options: { cwd: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message, "apply-patch");
  }
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  if (io.stdinIsTTY) throw new UsageError("Pipe the patch on stdin.", "apply-patch");
  const patch = await readAll(io);
  const result = await applyPatch(patch, { cwd: path.resolve(io.cwd, values.cwd ?? ".") });
  io.stdout.write(`${formatSummary(result.files)}\n`);
  return 0;
};
