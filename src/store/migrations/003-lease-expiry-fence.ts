import { DEFAULT_LEASE_TTL_MS } from "../lease-terms.js";
import type { Migration } from "./migration.js";

/**
 * Schema version 3: a lease expires (`expires_at`, renewed by its live writer) and carries a fencing token
 * (`fence`, one more on every acquisition of the session, checked by every commit), so a holder on another host
 * no longer blocks a session forever and a stale writer's late commit is refused. A released lease keeps its row
 * (expired at once) so the next acquisition's token is still larger. Leases written by schema 2 get the default
 * lifetime from when they were taken.
 */
export const leaseExpiryFence: Migration = {
  version: 3,
  name: "lease expiry and fencing token",
  up(db) {
    db.exec(`
      ALTER TABLE session_leases ADD COLUMN fence INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE session_leases ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
      UPDATE session_leases SET expires_at = acquired_at + ${DEFAULT_LEASE_TTL_MS};
    `);
  },
};
