/** How long a lease lasts without renewal when `acquire` is not told. */
export const DEFAULT_LEASE_TTL_MS = 30_000;

/** The shortest lease accepted: renewal runs every third of it, and must get a chance to. */
export const MIN_LEASE_TTL_MS = 30;

/** The lease length asked for, bounded below so renewal has time to run. */
export function leaseTtl(ttlMs: number | undefined): number {
  return Math.max(MIN_LEASE_TTL_MS, Math.floor(ttlMs ?? DEFAULT_LEASE_TTL_MS));
}
