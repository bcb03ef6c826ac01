import path from "node:path";
import { type LoadedConfig, loadEffectiveConfig, sessionLimitsOf } from "../config/index.js";
import { ApprovalMode, NetworkMode, resolveArtHome, SandboxMode } from "../core/index.js";
import { configureCommandCap, configureSessionLimits } from "../exec/index.js";
import type { SettingsChange } from "../orchestrator/index.js";
import type { AgentDefinitionInput, ResumeOptions } from "../runtime/index.js";
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
  "output-last-message": { type: "string" },
  "output-schema": { type: "string" },
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
  checkpoints?: boolean;
  "output-last-message"?: string;
  "output-schema"?: string;
}

const SANDBOX_MODES = SandboxMode.options;
const NETWORK_MODES = NetworkMode.options;
const APPROVAL_MODES = ApprovalMode.options;

function resolveFile(file: string, io: CliIO): string {
  const home = io.env.HOME ?? "";
  return file.startsWith("~/") && home ? path.join(home, file.slice(2)) : path.resolve(io.cwd, file);
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

/** What `art` makes an agent definition from: flags over config layers over defaults; the model may be missing. */
export type CliAgentFields = Omit<AgentDefinitionInput, "name" | "model"> & { model?: string };

/** The CLI's agent definition fields from flags over the config layers over the defaults. */
export async function agentFieldsFrom(
  values: SessionFlagValues,
  io: CliIO,
  command: string,
): Promise<{ fields: CliAgentFields; cwd: string; artHome: string; loaded: LoadedConfig }> {
  const cwd = path.resolve(io.cwd, values.cwd ?? ".");
  const artHome = resolveArtHome(io.env);
  const loaded = await loadEffectiveConfig(artHome, cwd);
  // Once per session, before it starts: what of the project's configuration did not apply, and why.
  for (const warning of loaded.warnings) io.stderr.write(`art: warning: ${warning}\n`);
  const config = loaded.config;
  configureCommandCap(config.limits?.max_commands);
  configureSessionLimits(sessionLimitsOf(config.limits));
  const model = values.model ?? io.env.ART_MODEL ?? config.model;
  const sandbox = oneOf("sandbox", values.sandbox, SANDBOX_MODES, command) ?? config.sandbox;
  const network = oneOf("network", values.network, NETWORK_MODES, command) ?? config.network;
  const approval = oneOf("approval", values.approval, APPROVAL_MODES, command) ?? config.approval;
  const baseUrl = values["base-url"] ?? config.base_url;
  const writableRoots = values.writable ?? config.writable_roots;
  const resolvePath = (file: string) => resolveFile(file, io);
  const ruleFiles = [...(config.rules ?? []), ...(values.rules ?? [])].map(resolvePath);
  const fields: CliAgentFields = {
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
  return { fields, cwd, artHome, loaded };
}

/**
 * What `art resume` runs with: the session's journaled settings, changed only by the flags given (each change
 * journaled). `$ART_MODEL` and config.toml do not change a session; the config still fills in what sessions from
 * before event schema 2 did not journal.
 */
export async function resumeOptionsFrom(
  values: SessionFlagValues,
  io: CliIO,
): Promise<{
  legacy: NonNullable<ResumeOptions["legacy"]>;
  cwd: string;
  artHome: string;
  settings: SettingsChange;
  modelIdleTimeoutSec?: number;
}> {
  const { fields, cwd, artHome } = await agentFieldsFrom(
    { ...(values.cwd ? { cwd: values.cwd } : {}) },
    io,
    "resume",
  );
  // Only for sessions of earlier builds, which did not journal these.
  const legacy: NonNullable<ResumeOptions["legacy"]> = {
    ...(fields.ruleFiles ? { ruleFiles: fields.ruleFiles } : {}),
    ...(fields.childEnv ? { childEnv: fields.childEnv } : {}),
    ...(fields.checkpoints !== undefined ? { checkpoints: fields.checkpoints } : {}),
    ...(fields.instructions !== undefined ? { instructions: fields.instructions } : {}),
    ...(fields.sandboxReads ? { sandboxReads: fields.sandboxReads } : {}),
    ...(fields.loginShell ? { loginShell: true } : {}),
  };
  if (values["no-checkpoints"] && values.checkpoints) {
    throw new UsageError("--checkpoints and --no-checkpoints contradict each other.", "resume");
  }
  const sandbox = oneOf("sandbox", values.sandbox, SANDBOX_MODES, "resume");
  const network = oneOf("network", values.network, NETWORK_MODES, "resume");
  const approval = oneOf("approval", values.approval, APPROVAL_MODES, "resume");
  const settings: SettingsChange = {
    ...(values.model ? { model: values.model } : {}),
    ...(values["base-url"] ? { baseUrl: values["base-url"] } : {}),
    ...(sandbox ? { sandbox } : {}),
    ...(network ? { network } : {}),
    ...(approval ? { approval } : {}),
    ...(values.writable ? { writableRoots: values.writable.map((dir) => path.resolve(io.cwd, dir)) } : {}),
    ...(values.rules ? { ruleFiles: values.rules.map((file) => resolveFile(file, io)) } : {}),
    ...(values["no-checkpoints"] ? { checkpoints: false } : {}),
    ...(values.checkpoints ? { checkpoints: true } : {}),
  };
  return {
    legacy,
    cwd,
    artHome,
    settings,
    ...(fields.modelIdleTimeoutSec !== undefined ? { modelIdleTimeoutSec: fields.modelIdleTimeoutSec } : {}),
  };
}
