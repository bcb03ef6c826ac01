import { accessSync, constants, readFileSync } from "node:fs";
import path from "node:path";

/** What the machine allows for per-session cgroup v2 limits (memory, pids, cpu weight). */
export interface CgroupReport {
  /** cgroup v2 (the unified hierarchy) is mounted at /sys/fs/cgroup. */
  v2: boolean;
  /** This process's cgroup, e.g. `/user.slice/user-1000.slice/session-2.scope`. */
  cgroup?: string;
  /** Controllers enabled for children of this process's cgroup. */
  controllers: string[];
  /** Whether this process may create child cgroups (delegation): per-session limits need it. */
  writable: boolean;
  /** One line for `art doctor`. */
  detail: string;
}

/**
 * Looks at cgroup v2 without changing anything: mounted, this process's group, its enabled controllers, and
 * whether it is delegated to us. Per-session limits are not applied yet; this says whether they could be.
 */
export function cgroupReport(root = "/sys/fs/cgroup"): CgroupReport {
  let controllersOfRoot: string;
  try {
    controllersOfRoot = readFileSync(path.join(root, "cgroup.controllers"), "utf8");
  } catch {
    return {
      v2: false,
      controllers: [],
      writable: false,
      detail: "cgroup v2 is not mounted at /sys/fs/cgroup",
    };
  }
  let cgroup: string | undefined;
  try {
    const line = readFileSync("/proc/self/cgroup", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith("0::"));
    cgroup = line?.slice(3).trim() || undefined;
  } catch {
    cgroup = undefined;
  }
  const own = cgroup ? path.join(root, cgroup) : root;
  let controllers = controllersOfRoot.trim().split(/\s+/).filter(Boolean);
  try {
    controllers = readFileSync(path.join(own, "cgroup.subtree_control"), "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean);
  } catch {
    // Keep the root's list: the group's own file is not readable here.
  }
  let writable = false;
  try {
    accessSync(own, constants.W_OK);
    writable = true;
  } catch {
    writable = false;
  }
  const wanted = ["memory", "pids", "cpu"].filter((name) => !controllers.includes(name));
  const detail = !writable
    ? `cgroup v2 at ${own}, not delegated to this user: per-session limits are unavailable`
    : wanted.length > 0
      ? `cgroup v2 at ${own}, writable, but controllers ${wanted.join(", ")} are not enabled for children`
      : `cgroup v2 at ${own}, writable, with memory, pids and cpu controllers`;
  return { v2: true, ...(cgroup ? { cgroup } : {}), controllers, writable, detail };
}
