import path from "node:path";
import type { SessionSettings } from "../core/index.js";

/**
 * What a resume may change about a session (`art resume --model …`, the library's `resume({ settings })`). Every
 * change is journaled as `settings.changed` before the run continues; nothing a resuming process has applies
 * otherwise.
 */
export interface SettingsChange {
  /** A new model spec; checked (provider, key, script) before the change is journaled. */
  model?: string;
  /** A new base URL. Without one, a new model of another provider drops the old base URL. */
  baseUrl?: string;
  sandbox?: SessionSettings["sandbox"];
  network?: SessionSettings["network"];
  approval?: SessionSettings["approval"];
  /** Replaces the extra writable directories (relative ones resolve in the session's workspace). */
  writableRoots?: string[];
  /** Rule files to add to the session's rules; their text is read and journaled now. */
  ruleFiles?: string[];
  /** Turns the per-turn workspace snapshots on or off. */
  checkpoints?: boolean;
}

function providerOf(spec: string): string {
  return spec.slice(0, Math.max(0, spec.indexOf(":")));
}

/**
 * The settings after `change`, and the names of the fields that differ. `readRules` turns rule files into journal
 * snapshots (it throws for a file that cannot be read or parsed, before anything is journaled); `baseRules` gives
 * the rule layers of a session from before event schema 2, which journaled none.
 */
export function applySettingsChange(
  current: SessionSettings,
  change: SettingsChange,
  context: {
    cwd: string;
    readRules: (files: string[]) => NonNullable<SessionSettings["rules"]>;
    baseRules: () => NonNullable<SessionSettings["rules"]>;
  },
): { settings: SessionSettings; changed: string[] } {
  const next: SessionSettings = { ...current };
  if (change.model !== undefined && change.model !== current.model) {
    next.model = change.model;
    if (change.baseUrl === undefined && providerOf(change.model) !== providerOf(current.model)) {
      delete next.baseUrl;
    }
  }
  if (change.baseUrl !== undefined) next.baseUrl = change.baseUrl;
  if (change.sandbox !== undefined) next.sandbox = change.sandbox;
  if (change.network !== undefined) next.network = change.network;
  if (change.approval !== undefined) next.approval = change.approval;
  if (change.writableRoots !== undefined) {
    next.writableRoots = change.writableRoots.map((dir) => path.resolve(context.cwd, dir));
  }
  if (change.checkpoints !== undefined) next.checkpoints = change.checkpoints;
  if (change.ruleFiles !== undefined && change.ruleFiles.length > 0) {
    const rules = [...(current.rules ?? context.baseRules())];
    for (const snapshot of context.readRules(change.ruleFiles)) {
      const known = rules.some((rule) => rule.path === snapshot.path && rule.sha256 === snapshot.sha256);
      if (!known) rules.push(snapshot);
    }
    next.rules = rules;
  }
  const changed = (Object.keys(next) as (keyof SessionSettings)[])
    .concat(Object.keys(current) as (keyof SessionSettings)[])
    .filter((key, index, keys) => keys.indexOf(key) === index)
    .filter((key) => JSON.stringify(next[key]) !== JSON.stringify(current[key]));
  return { settings: next, changed };
}
