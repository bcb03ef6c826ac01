import path from "node:path";
import { loadEffectiveConfig } from "../config/index.js";
import type { AgentOptions } from "../orchestrator/index.js";
import { resolveArtHome } from "../orchestrator/index.js";
import type { CliIO } from "./command.js";
import { UsageError } from "./usage-error.js";

/** Flags shared by `exec` and `resume`, in node:util parseArgs form. */
export const SESSION_FLAGS = {
  model: { type: "string", short: "m" },
  "base-url": { type: "string" },
  cwd: { type: "string", short: "C" },
  json: { type: "boolean" },
  sandbox: { type: "string" },
  network: { type: "string" },
  writable: { type: "string", multiple: true },
  approval: { type: "string" },
  rules: { type: "string", multiple: true },
  "no-checkpoints": { type: "boolean" },
} as const;

/** The parsed values of {@link SESSION_FLAGS}. */
export interface SessionFlagValues {
  model?: string;
  "base-url"?: string;
  cwd?: string;
  json?: boolean;
  sandbox?: string;
  network?: string;
  writable?: string[];
  approval?: string;
  rules?: string[];
  "no-checkpoints"?: boolean;
}

function oneOf<T extends string>(
  flag: string,
  value: string | undefined,
  allowed: readonly T[],
  command: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${allowed.join(", ")}; got "${value}".`, command);
  }
  return value as T;
}

/** Agent options from flags over the config layers over the defaults. */
export async function agentOptionsFrom(
  values: SessionFlagValues,
  io: CliIO,
  command: string,
): Promise<{ options: AgentOptions; cwd: string; artHome: string }> {
  const cwd = path.resolve(io.cwd, values.cwd ?? ".");
  const artHome = resolveArtHome(io.env);
  const loaded = await loadEffectiveConfig(artHome, cwd);
  // Once per session, before it starts: what of the project's configuration did not apply, and why.
  for (const warning of loaded.warnings) io.stderr.write(`art: warning: ${warning}\n`);
  const config = loaded.config;
  const model = values.model ?? io.env.ART_MODEL ?? config.model;
  const sandbox =
    oneOf("sandbox", values.sandbox, ["read-only", "workspace-write", "full-access"], command) ??
    config.sandbox;
  const network = oneOf("network", values.network, ["none", "full"], command) ?? config.network;
  const approval =
    oneOf("approval", values.approval, ["untrusted", "on-request", "on-failure", "never"], command) ??
    config.approval;
  const baseUrl = values["base-url"] ?? config.base_url;
  const writableRoots = values.writable ?? config.writable_roots;
  const home = io.env.HOME ?? "";
  const resolvePath = (file: string) =>
    file.startsWith("~/") && home ? path.join(home, file.slice(2)) : path.resolve(io.cwd, file);
  const ruleFiles = [...(config.rules ?? []), ...(values.rules ?? [])].map(resolvePath);
  const options: AgentOptions = {
    artHome,
    env: io.env,
    checkpoints: values["no-checkpoints"] ? false : (config.checkpoints ?? true),
    ...(model ? { model } : {}),
    ...(baseUrl ? { baseUrl } : {}),
    ...(sandbox ? { sandbox } : {}),
    ...(network ? { network } : {}),
    ...(approval ? { approval } : {}),
    ...(writableRoots ? { writableRoots } : {}),
    ...(config.instructions ? { instructions: config.instructions } : {}),
    ...(config.model_idle_timeout_sec !== undefined
      ? { modelIdleTimeoutSec: config.model_idle_timeout_sec }
      : {}),
    ...(ruleFiles.length ? { ruleFiles } : {}),
    ...(config.deny_read || config.allow_read
      ? {
          sandboxReads: {
            ...(config.deny_read ? { deny: config.deny_read.map(resolvePath) } : {}),
            ...(config.allow_read ? { allow: config.allow_read.map(resolvePath) } : {}),
          },
        }
      : {}),
    ...(config.login_shell ? { loginShell: true } : {}),
    ...(config.env_allow || config.env_set
      ? {
          childEnv: {
            ...(config.env_allow ? { allow: config.env_allow } : {}),
            ...(config.env_set ? { set: config.env_set } : {}),
          },
        }
      : {}),
  };
  return { options, cwd, artHome };
}
