import { initial } from "./001-initial.js";
import { leaseProcessStart } from "./002-lease-process-start.js";
import { leaseExpiryFence } from "./003-lease-expiry-fence.js";
import type { Migration } from "./migration.js";

export type { Migration } from "./migration.js";

/** Every migration, in order; the last one's version is the schema version this build writes. */
export const MIGRATIONS: readonly Migration[] = [initial, leaseProcessStart, leaseExpiryFence];

/** The database schema version this build creates and understands. */
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
