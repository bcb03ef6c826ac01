import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { resolveArtHome } from "../../runtime/index.js";
import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";

const HELP = `Usage: art doctor [--json]

Reports what this machine offers: each sandbox layer and what every sandbox mode would apply here, and the disk the
checkpoint stores take under $ART_HOME/checkpoints, the command cap and provider limits (config.toml's [limits]),
and whether cgroup v2 per-session limits are possible.
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

/** The limits section: the effective command cap, configured provider limits, what cgroups allow. */
async function limitsReport(artHome: string, cwd: string, env: NodeJS.ProcessEnv) {
  const [{ loadConfig, sessionLimitsOf }, { cgroupReport, commandCapFrom, SessionCgroup }] =
    await Promise.all([import("../../config/index.js"), import("../../exec/index.js")]);
  const config = await loadConfig(artHome, cwd);
  const configured = config.limits?.max_commands;
  const source = env.ART_MAX_COMMANDS?.trim()
    ? "ART_MAX_COMMANDS"
    : configured !== undefined
      ? "limits.max_commands"
      : "default: twice the cores";
  // Per-session limits are tried for real: a group is made (with the configured limits, or all three controllers)
  // and removed again, so the answer is what a session would get.
  const sessionLimits = sessionLimitsOf(config.limits);
  let session: { configured: boolean; available: boolean; detail: string };
  try {
    const probe = SessionCgroup.create(
      "doctor",
      sessionLimits ?? { memoryMb: 1024, pids: 1024, cpuWeight: 100 },
    );
    probe.remove();
    const names = { memoryMb: "memory", pids: "pids", cpuWeight: "cpu" } as const;
    const controllers = Object.keys(probe.limits)
      .map((key) => names[key as keyof typeof names])
      .join(", ");
    session = {
      configured: sessionLimits !== undefined,
      available: true,
      detail: `${sessionLimits ? "applied" : "possible"} with cgroup v${probe.version} (${controllers})`,
    };
  } catch (error) {
    session = { configured: sessionLimits !== undefined, available: false, detail: (error as Error).message };
  }
  return {
    maxCommands: { value: commandCapFrom(env, configured), source },
    providers: config.limits?.providers ?? {},
    cgroups: cgroupReport(),
    session: { ...session, limits: config.limits?.session ?? {} },
  };
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
  const limits = await limitsReport(artHome, io.cwd, io.env);
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ sandbox, checkpoints: { artHome, stores }, limits })}\n`);
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
  lines.push("", "Limits:");
  lines.push(`  commands at once  ${limits.maxCommands.value} (${limits.maxCommands.source})`);
  for (const [provider, limit] of Object.entries(limits.providers))
    lines.push(
      `  ${provider.padEnd(17)} ${Object.entries((limit ?? {}) as Record<string, number>)
        .map(([key, value]) => `${key} = ${value}`)
        .join(", ")}`,
    );
  if (Object.keys(limits.providers).length === 0)
    lines.push("  providers         none configured (limited by their response headers only)");
  lines.push(`  cgroups           ${limits.cgroups.detail}`);
  const sessionLine = Object.entries(limits.session.limits)
    .map(([key, value]) => `${key} = ${value}`)
    .join(", ");
  lines.push(
    `  per session       ${limits.session.configured ? `${sessionLine}: ` : "none configured ([limits.session]); "}${limits.session.detail}`,
  );
  io.stdout.write(`${lines.join("\n")}\n`);
  return 0;
};
