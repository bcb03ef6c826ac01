import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { resolveArtHome } from "../../runtime/index.js";
import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";

const HELP = `Usage: art doctor [--json]

Reports what this machine offers: each sandbox layer and what every sandbox mode would apply here, and the disk the
checkpoint stores take under $ART_HOME/checkpoints.
`;

function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

async function checkpointStores(artHome: string): Promise<{ workspaceId: string; bytes: number }[]> {
  const root = path.join(artHome, "checkpoints");
  if (!existsSync(root)) return [];
  const { du } = await import("../disk-usage.js");
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ workspaceId: entry.name, bytes: du(path.join(root, entry.name)) }));
}

/** `art doctor`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, { json: { type: "boolean" } }, HELP, io);
  if (!parsed) return 0;
  const { values } = parsed;
  const { sandboxDoctorReport } = await import("../../sandbox/index.js");
  const sandbox = sandboxDoctorReport();
  const artHome = resolveArtHome(io.env);
  const stores = await checkpointStores(artHome);
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ sandbox, checkpoints: { artHome, stores } })}\n`);
    return 0;
  }
  const lines = ["Sandbox layers:"];
  for (const layer of sandbox.layers)
    lines.push(`  ${layer.available ? "✓" : "✗"} ${layer.name.padEnd(16)} ${layer.detail}`);
  lines.push("", "What each sandbox mode applies here:");
  for (const [mode, applied] of Object.entries(sandbox.modes))
    lines.push(`  ${mode.padEnd(16)} ${applied.join("; ")}`);
  lines.push("", `Checkpoints (${path.join(artHome, "checkpoints")}):`);
  if (stores.length === 0) lines.push("  none yet");
  for (const store of stores) lines.push(`  ${store.workspaceId}  ${humanBytes(store.bytes)}`);
  const total = stores.reduce((sum, store) => sum + store.bytes, 0);
  if (stores.length > 0) lines.push(`  total ${humanBytes(total)} (prune with "art checkpoints prune")`);
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
};
