import path from "node:path";
import type { SessionSettings } from "../core/index.js";
import { SessionSettings as SessionSettingsSchema } from "../core/index.js";
import type { AgentOptions } from "./agent.js";

/**
 * The settings a new session in `cwd` starts with, all of them resolved now: the agent's options over the defaults,
 * and the text of every rule file that governs it (user layer, project layer, `ruleFiles`). Throws a typed error for
 * a rule file that cannot be read or parsed, before the session exists.
 */
export async function newSessionSettings(
  options: AgentOptions,
  modelSpec: string,
  cwd: string,
  artHome: string,
): Promise<SessionSettings> {
  const { snapshotRuleLayers } = await import("./rule-snapshot.js");
  return SessionSettingsSchema.parse({
    model: modelSpec,
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
    ...(options.network ? { network: options.network } : {}),
    ...(options.approval ? { approval: options.approval } : {}),
    writableRoots: (options.writableRoots ?? []).map((dir) => path.resolve(cwd, dir)),
    checkpoints: options.checkpoints !== false,
    rules: snapshotRuleLayers({ cwd, artHome, extra: options.ruleFiles ?? [] }),
    childEnv: { allow: options.childEnv?.allow ?? [], set: options.childEnv?.set ?? {} },
    instructions: options.instructions ?? "",
  });
}
