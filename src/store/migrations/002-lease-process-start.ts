import type { Migration } from "./migration.js";

/**
 * Schema version 2: a lease records its holder's process start time (Linux), so a pid reused by another process
 * after a crash is not mistaken for the holder, and a session's `running` status can be checked against it.
 */
export const leaseProcessStart: Migration = {
  version: 2,
  name: "lease process start time",
  up(db) {
    db.exec("ALTER TABLE session_leases ADD COLUMN process_start TEXT");
  },
};
