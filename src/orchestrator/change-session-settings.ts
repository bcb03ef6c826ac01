import type { SessionSettings } from "../core/index.js";
import { applySettingsChange, type SettingsChange } from "./settings-change.js";

/**
 * A resume's settings: the journaled ones, changed by `change` (rule files read and parsed now, so a bad one
 * changes nothing). `legacyRuleFiles` are the extra rule files a session from before event schema 2, which
 * journaled no rules, has been reading.
 */
export async function changeSessionSettings(
  current: SessionSettings,
  change: SettingsChange | undefined,
  context: { cwd: string; artHome: string; legacyRuleFiles?: readonly string[] | undefined },
): Promise<{ settings: SessionSettings; changed: string[] }> {
  if (!change) return { settings: current, changed: [] };
  const { readRuleFiles, snapshotRuleLayers } = await import("./rule-snapshot.js");
  const { cwd, artHome } = context;
  return applySettingsChange(current, change, {
    cwd,
    readRules: (files) => readRuleFiles(files, "extra"),
    baseRules: () => snapshotRuleLayers({ cwd, artHome, extra: context.legacyRuleFiles ?? [] }),
  });
}
