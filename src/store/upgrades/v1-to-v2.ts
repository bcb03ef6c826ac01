import type { EventUpgrade } from "./event-upgrade.js";

/**
 * Event schema 1 → 2. Version 2 added the `settings.changed` event, optional fields of `SessionSettings`
 * (`checkpoints`, `rules`, `childEnv`, `instructions`) and an optional `turnId` on `exec.*`, `patch.applied` and
 * `approval.decided`. Every version 1 event is therefore already a valid version 2 event: the missing fields stay
 * missing on purpose, because the orchestrator reads their absence as "this session was started by schema 1" and
 * fills them in from configuration (it must not be told a default the session never journaled).
 */
export const v1ToV2: EventUpgrade = {
  from: 1,
  description: "added settings.changed and optional fields; v1 events read unchanged",
  up: (event) => event,
};
