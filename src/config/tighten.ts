import type { ConfigFile } from "./config-file.js";

/** Order of strictness; a higher number lets less run without the user. */
const SANDBOX_RANK = { "full-access": 0, "workspace-write": 1, "read-only": 2 } as const;
const NETWORK_RANK = { full: 0, none: 1 } as const;
// on-failure also offers unsandboxed reruns; never and untrusted each let less through than on-request.
const APPROVAL_RANK = { "on-failure": 0, "on-request": 1, never: 2, untrusted: 2 } as const;

/** What an untrusted project's layer may not change, and why. */
const LOOSENING_KEYS: Partial<Record<keyof ConfigFile, string>> = {
  base_url: "it decides where the model requests (and the API key) are sent",
  writable_roots: "it adds places commands may write",
  env_allow: "it passes more of the environment (possibly secrets) to commands",
  env_set: "it sets the environment of every command (PATH, LD_PRELOAD, ...)",
  rules: "it loads more rule files, which may allow commands",
  mcp_servers: "it starts MCP servers, which are programs someone else wrote",
  allow_read: "it makes denied credential stores readable (only the user's own config may)",
};

/** The values an untrusted project can only tighten, with the defaults they are compared with. */
const DEFAULTS = { sandbox: "workspace-write", network: "none", approval: "on-request" } as const;

/** An untrusted project layer, reduced to what only tightens `base`, and a warning per key that was dropped. */
export function tightenOnly(
  base: ConfigFile,
  project: ConfigFile,
  file: string,
): { config: ConfigFile; warnings: string[] } {
  const kept: ConfigFile = {};
  const warnings: string[] = [];
  const drop = (key: string, value: unknown, why: string) =>
    warnings.push(
      `${file}: "${key}" = ${JSON.stringify(value)} ignored: the project is not trusted and ${why}. ` +
        `Run "art trust" in the project to let its configuration loosen the session.`,
    );
  for (const [key, value] of Object.entries(project) as [keyof ConfigFile, unknown][]) {
    if (value === undefined) continue;
    const why = LOOSENING_KEYS[key];
    if (why) {
      drop(key, value, why);
      continue;
    }
    if (key === "sandbox" || key === "network" || key === "approval") {
      const ranks: Record<string, number> =
        key === "sandbox" ? SANDBOX_RANK : key === "network" ? NETWORK_RANK : APPROVAL_RANK;
      const current = (base[key] ?? DEFAULTS[key]) as string;
      if (ranks[value as string]! < ranks[current]!) {
        drop(key, value, `it is less strict than "${current}"`);
        continue;
      }
    }
    if (key === "checkpoints" && value === false) {
      drop(key, value, "it turns off the checkpoints that let the user undo a turn");
      continue;
    }
    if (key === "model" && String(value).startsWith("scripted:")) {
      drop(key, value, "a scripted model replays tool calls from a file the project controls");
      continue;
    }
    (kept as Record<string, unknown>)[key] = value;
  }
  return { config: kept, warnings };
}
