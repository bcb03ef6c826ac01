import path from "node:path";
import type { SessionSettings } from "../core/index.js";
import { SessionSettings as SessionSettingsSchema } from "../core/index.js";

/** What of an agent definition becomes a new session's settings. */
export interface SettingsSource {
  baseUrl?: string | undefined;
  sandbox?: SessionSettings["sandbox"] | undefined;
  network?: SessionSettings["network"] | undefined;
  approval?: SessionSettings["approval"] | undefined;
  writableRoots?: readonly string[] | undefined;
  checkpoints?: boolean | undefined;
  ruleFiles?: readonly string[] | undefined;
  childEnv?: { allow?: readonly string[]; set?: Readonly<Record<string, string>> } | undefined;
  instructions?: string | undefined;
}

/**
 * The settings a new session in `cwd` starts with, all of them resolved now: the definition's over the defaults,
 * and the text of every rule file that governs it (user layer, project layer, `ruleFiles`). Throws a typed error for
 * a rule file that cannot be read or parsed, before the session exists.
 */
export async function newSessionSettings(
  source: SettingsSource,
  modelSpec: string,
  cwd: string,
  artHome: string,
): Promise<SessionSettings> {
  const { snapshotRuleLayers } = await import("./rule-snapshot.js");
  return SessionSettingsSchema.parse({
    model: modelSpec,
    ...(source.baseUrl ? { baseUrl: source.baseUrl } : {}),
    ...(source.sandbox ? { sandbox: source.sandbox } : {}),
    ...(source.network ? { network: source.network } : {}),
    ...(source.approval ? { approval: source.approval } : {}),
    writableRoots: (source.writableRoots ?? []).map((dir) => path.resolve(cwd, dir)),
    checkpoints: source.checkpoints !== false,
    rules: snapshotRuleLayers({ cwd, artHome, extra: [...(source.ruleFiles ?? [])] }),
    childEnv: { allow: [...(source.childEnv?.allow ?? [])], set: { ...source.childEnv?.set } },
    instructions: source.instructions ?? "",
  });
}
