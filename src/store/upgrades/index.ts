import { EVENT_SCHEMA_VERSION } from "../../core/index.js";
import type { EventUpgrade } from "./event-upgrade.js";
import { v1ToV2 } from "./v1-to-v2.js";
import { v2ToV3 } from "./v2-to-v3.js";

export type { EventUpgrade } from "./event-upgrade.js";

/** Every step, in order: `UPGRADES[i]` reads version `i + 1`. */
export const UPGRADES: readonly EventUpgrade[] = [v1ToV2, v2ToV3];

if (UPGRADES.length !== EVENT_SCHEMA_VERSION - 1 || UPGRADES.some((step, index) => step.from !== index + 1)) {
  // A build whose vocabulary version has no complete chain of steps must not start reading old journals.
  throw new Error(`event upgrades must cover versions 1..${EVENT_SCHEMA_VERSION - 1}, one step per version`);
}

/** A raw event written with schema version `version`, brought to the current version's shape step by step. */
export function upgradeEvent(event: Record<string, unknown>, version: number): Record<string, unknown> {
  let upgraded = event;
  for (let from = version; from < EVENT_SCHEMA_VERSION; from++) upgraded = UPGRADES[from - 1]!.up(upgraded);
  return upgraded;
}
