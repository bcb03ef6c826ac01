import type { EventUpgrade } from "./event-upgrade.js";

/**
 * Event schema 2 → 3. Version 3 added events (`definition.changed`, `tool.started`, `progress.reported`, the
 * `ext.<name>` extension events), optional fields (`session.started.definition`, `approval.requested.grants`,
 * `tool.result.content`) and a `session.ended` reason (`awaiting-approval`). A version 2 event is therefore already
 * a valid version 3 event, and its missing fields stay missing on purpose: a session without a journaled definition
 * gets one on its first resume (`definition.changed`), and a request without grants grants the exact call, as the
 * builds that wrote it remembered it.
 */
export const v2ToV3: EventUpgrade = {
  from: 2,
  description: "added events, optional fields and a session.ended reason; v2 events read unchanged",
  up: (event) => event,
};
