import { z } from "zod";
import type { SandboxPolicy } from "./sandbox-policy.js";

/**
 * The JSON document `art-sandbox --policy` reads (schema version 2: version 1 plus `git_roots`). This file owns the schema; the Rust reader in
 * `native/sandbox-linux/src/policy.rs` mirrors it and rejects unknown fields.
 */
export const LauncherPolicy = z
  .object({
    /** Schema version. */
    version: z.literal(2),
    /** Use user, mount, pid (and, with network none, net) namespaces. */
    namespaces: z.boolean(),
    /** `none`: no sockets but Unix stream pairs, no connect/bind/listen/accept; `full`: unrestricted. */
    network: z.enum(["none", "full"]),
    /** The only places writes may happen. */
    writable_roots: z.array(z.string()),
    /** Read allow-list, or null for everywhere not denied. */
    readable_roots: z.array(z.string()).nullable(),
    /** Unreadable (and, with namespaces, hidden) paths. */
    deny_read: z.array(z.string()),
    /** Read-only paths inside writable roots (needs namespaces). */
    protected: z.array(z.string()),
    /**
     * Writable roots searched for git repositories before and after the command (all but the session's temp dir):
     * their metadata is guarded, and repositories the command creates there are neutralised afterwards.
     */
    git_roots: z.array(z.string()),
    /** Bound on processes and threads; 0 = none. */
    pids_max: z.number().int().nonnegative(),
    /**
     * The session's cgroups (`cgroup.procs` files below /sys/fs/cgroup, one per hierarchy), joined before anything
     * starts. Only sent when the session has limits, so a launcher that predates the field keeps working.
     */
    cgroup_procs: z.array(z.string()).optional(),
    /** Working directory of the command. */
    cwd: z.string(),
  })
  .strict();
export type LauncherPolicy = z.infer<typeof LauncherPolicy>;

/** The launcher's view of `policy` for one command. */
export function toLauncherPolicy(
  policy: SandboxPolicy,
  launch: { namespaces: boolean; cwd: string },
): LauncherPolicy {
  return {
    version: 2,
    namespaces: launch.namespaces,
    network: policy.network,
    writable_roots: policy.writableRoots,
    readable_roots: policy.readableRoots,
    deny_read: policy.denyRead,
    protected: policy.protectedPaths,
    git_roots: policy.writableRoots.filter((root) => root !== policy.tmpDir),
    pids_max: policy.pidsMax,
    ...(policy.cgroupProcs?.length ? { cgroup_procs: policy.cgroupProcs } : {}),
    cwd: launch.cwd,
  };
}
