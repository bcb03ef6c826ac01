import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ArtError } from "../core/index.js";

/** Limits every command of one session shares (config.toml's `[limits.session]`). */
export interface SessionLimits {
  /** Memory of all the session's commands together, in MiB (page cache included, as the kernel counts it). */
  memoryMb?: number;
  /** Processes and threads of all the session's commands together. */
  pids?: number;
  /** CPU weight against other sessions, 1–10000 (cgroup v2's scale; 100 is the default share). */
  cpuWeight?: number;
}

/** The session asked for limits this machine's cgroups cannot apply. */
export class CgroupUnavailableError extends ArtError {
  constructor(why: string) {
    super(
      "sandbox.cgroup_unavailable",
      `Per-session limits ([limits.session]) cannot be applied here: ${why}.`,
      {
        hint: "Run art where it may create cgroups (root, or a delegated cgroup v2 subtree with the memory, pids and cpu controllers), or remove [limits.session] from config.toml.",
      },
    );
  }
}

const PREFIX = "art-session-";

interface Mount {
  root: string;
  point: string;
  fstype: string;
  options: string[];
}

function mounts(): Mount[] {
  let text = "";
  try {
    text = readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    return [];
  }
  return text.split("\n").flatMap((line) => {
    const [left, right] = line.split(" - ");
    if (!left || !right) return [];
    const fields = left.split(" ");
    const tail = right.split(" ");
    if (!fields[3] || !fields[4] || !tail[0]) return [];
    return [{ root: fields[3], point: fields[4], fstype: tail[0], options: (tail[2] ?? "").split(",") }];
  });
}

/** Where `cgroupPath` (as /proc/self/cgroup names it) lies under `mount`. */
function under(mount: Mount, cgroupPath: string): string {
  const relative =
    mount.root !== "/" && cgroupPath.startsWith(mount.root)
      ? cgroupPath.slice(mount.root.length)
      : cgroupPath;
  return path.join(mount.point, relative);
}

function ownCgroups(): { id: string; controllers: string[]; path: string }[] {
  let text = "";
  try {
    text = readFileSync("/proc/self/cgroup", "utf8");
  } catch {
    return [];
  }
  return text.split("\n").flatMap((line) => {
    const match = /^(\d+):([^:]*):(.*)$/.exec(line);
    return match
      ? [{ id: match[1]!, controllers: match[2]!.split(",").filter(Boolean), path: match[3]! }]
      : [];
  });
}

function wantedControllers(limits: SessionLimits): string[] {
  return [
    ...(limits.memoryMb !== undefined ? ["memory"] : []),
    ...(limits.pids !== undefined ? ["pids"] : []),
    ...(limits.cpuWeight !== undefined ? ["cpu"] : []),
  ];
}

/** Removes session groups of processes that are gone (a runtime killed before it could clean up). */
function removeStale(parent: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = name.startsWith(PREFIX) ? name.slice(PREFIX.length).split("-")[0] : undefined;
    if (pid && !existsSync(`/proc/${pid}`)) {
      try {
        rmdirSync(path.join(parent, name));
      } catch {
        // Still has processes, or not ours to remove.
      }
    }
  }
}

/** One directory of a session's group and the limit files to write in it. */
interface Group {
  dir: string;
  files: [string, string][];
  memory: boolean;
}

/** cgroup v2: a sibling of our own group (processes may only sit in leaves), whose parent enables the controllers. */
function v2Groups(name: string, limits: SessionLimits): Group[] | string {
  const own = ownCgroups().find((entry) => entry.id === "0");
  const mount = mounts().find((entry) => entry.fstype === "cgroup2");
  if (!own || !mount) return "cgroup v2 is not mounted";
  const ownDir = under(mount, own.path);
  const parent = own.path === "/" ? ownDir : path.dirname(ownDir);
  let enabled: string[] = [];
  try {
    enabled = readFileSync(path.join(parent, "cgroup.subtree_control"), "utf8").trim().split(/\s+/);
  } catch {
    return `cgroup v2 at ${parent} has no readable cgroup.subtree_control`;
  }
  const missing = wantedControllers(limits).filter((controller) => !enabled.includes(controller));
  if (missing.length > 0)
    return `cgroup v2 at ${parent} does not enable ${missing.join(", ")} for its children`;
  const files: [string, string][] = [];
  if (limits.memoryMb !== undefined) files.push(["memory.max", String(limits.memoryMb * 1024 * 1024)]);
  if (limits.memoryMb !== undefined) files.push(["memory.swap.max", "0"]);
  if (limits.pids !== undefined) files.push(["pids.max", String(limits.pids)]);
  if (limits.cpuWeight !== undefined) files.push(["cpu.weight", String(limits.cpuWeight)]);
  return [{ dir: path.join(parent, name), files, memory: limits.memoryMb !== undefined }];
}

/** cgroup v1: one group per controller's hierarchy, below our own group there. */
function v1Groups(name: string, limits: SessionLimits): Group[] | string {
  const own = ownCgroups();
  const all = mounts();
  const groups: Group[] = [];
  for (const controller of wantedControllers(limits)) {
    const entry = own.find((candidate) => candidate.controllers.includes(controller));
    const mount = all.find(
      (candidate) => candidate.fstype === "cgroup" && candidate.options.includes(controller),
    );
    if (!entry || !mount) return `no cgroup v1 hierarchy has the ${controller} controller`;
    const files: [string, string][] =
      controller === "memory"
        ? [["memory.limit_in_bytes", String(limits.memoryMb! * 1024 * 1024)]]
        : controller === "pids"
          ? [["pids.max", String(limits.pids)]]
          : // v1's cpu.shares: 1024 is the default share, as 100 is cgroup v2's default weight.
            [["cpu.shares", String(Math.max(2, Math.round((limits.cpuWeight! * 1024) / 100)))]];
    groups.push({ dir: path.join(under(mount, entry.path), name), files, memory: controller === "memory" });
  }
  return groups;
}

/**
 * The cgroups of one session: made when it starts, joined by each of its commands (the sandbox launcher writes
 * itself into `procs` before it starts anything), removed when it ends. cgroup v2 where this process may make a
 * group with the controllers, else cgroup v1's hierarchies; otherwise {@link CgroupUnavailableError}.
 *
 * @example
 * const group = SessionCgroup.create(sessionId, { memoryMb: 2048, pids: 512, cpuWeight: 50 });
 * buildSandboxPolicy({ ...settings, cgroupProcs: group.procs });
 * // … when the session ends:
 * group.remove();
 */
export class SessionCgroup {
  private constructor(
    private readonly groups: Group[],
    /** The cgroup version used. */
    readonly version: 1 | 2,
    readonly limits: SessionLimits,
  ) {}

  /** The `cgroup.procs` files a command joins. */
  get procs(): string[] {
    return this.groups.map((group) => path.join(group.dir, "cgroup.procs"));
  }

  static create(sessionId: string, limits: SessionLimits): SessionCgroup {
    const name = `${PREFIX}${process.pid}-${sessionId.replace(/[^A-Za-z0-9_-]/g, "_").slice(0, 64)}`;
    const v2 = v2Groups(name, limits);
    const chosen = typeof v2 !== "string" ? { groups: v2, version: 2 as const } : undefined;
    const v1 = chosen ? undefined : v1Groups(name, limits);
    const plan = chosen ?? (typeof v1 !== "string" && v1 ? { groups: v1, version: 1 as const } : undefined);
    if (!plan) throw new CgroupUnavailableError(`${v2 as string}; ${v1 as string}`);
    const made: Group[] = [];
    try {
      for (const group of plan.groups) {
        removeStale(path.dirname(group.dir));
        mkdirSync(group.dir);
        made.push(group);
        for (const [file, value] of group.files) {
          // Swap is limited only where the kernel accounts it; elsewhere there is no swap to escape to.
          if (file === "memory.swap.max" && !existsSync(path.join(group.dir, file))) continue;
          writeFileSync(path.join(group.dir, file), value);
        }
      }
    } catch (error) {
      for (const group of made) rmdirQuietly(group.dir);
      throw new CgroupUnavailableError(
        `cannot set up ${made.at(-1)?.dir ?? plan.groups[0]?.dir}: ${(error as Error).message}`,
      );
    }
    return new SessionCgroup(plan.groups, plan.version, limits);
  }

  /** How many times the kernel killed a process of the session for its memory limit so far. */
  oomKills(): number {
    const memory = this.groups.find((group) => group.memory);
    if (!memory) return 0;
    const file = this.version === 2 ? "memory.events" : "memory.oom_control";
    try {
      const text = readFileSync(path.join(memory.dir, file), "utf8");
      return Number(/^oom_kill (\d+)$/m.exec(text)?.[1] ?? 0);
    } catch {
      return 0;
    }
  }

  /** Removes the groups; one still holding a process (it cannot, once commands end) is left for the next start. */
  remove(): void {
    for (const group of this.groups) rmdirQuietly(group.dir);
  }
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // Busy or gone.
  }
}

let processLimits: SessionLimits | undefined;

/**
 * Sets the limits each session started by this process gets (config.toml's `[limits.session]`; the CLI calls it
 * once at start); `undefined` for none. Sessions already running keep theirs.
 */
export function configureSessionLimits(limits: SessionLimits | undefined): void {
  processLimits = limits && Object.keys(limits).length > 0 ? { ...limits } : undefined;
}

/** The limits set by {@link configureSessionLimits}, if any. */
export function configuredSessionLimits(): SessionLimits | undefined {
  return processLimits;
}
