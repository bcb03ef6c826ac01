import { spawnSync } from "node:child_process";
import { z } from "zod";
import { launcherFixHint, locateLauncher } from "./launcher-path.js";
import { readCachedProbe, writeCachedProbe } from "./probe-cache.js";

/** Environment switch: `ART_SANDBOX_NO_USERNS=1` forces the Landlock + seccomp fallback (no namespaces). */
export const NO_USERNS_ENV = "ART_SANDBOX_NO_USERNS";

/** How a launch bounds the number of processes (fork bombs). */
export type ProcessLimit = "pid-namespace" | "cgroup" | "rlimit" | "none";

/** What this machine offers the sandbox. */
export interface SandboxCapabilities {
  /**
   * The launcher binary and whether it runs; `problem` says what is wrong, `fix` the command that mends it. When
   * it does not run, nothing below was probed (the kernel's layers are unknown, not absent).
   */
  launcher: { path: string; available: boolean; problem?: string; fix?: string };
  /** Landlock ABI version; 0 when Landlock is unavailable. */
  landlockAbi: number;
  /** Whether seccomp filters can be installed. */
  seccomp: boolean;
  /** Whether user, mount, pid and net namespaces can be created (and /proc mounted in them). */
  userNamespaces: boolean;
  /** Why namespaces are unavailable, when they are. */
  userNamespacesProblem?: string;
  /** Fork-bomb bound with namespaces. */
  processLimitWithNamespaces: ProcessLimit;
  /** Fork-bomb bound without namespaces. */
  processLimitWithoutNamespaces: ProcessLimit;
  /** CPU architecture the launcher reports. */
  arch?: string;
}

const ProbeReport = z.object({
  version: z.literal(1),
  arch: z.string(),
  landlock_abi: z.number().int().nonnegative(),
  seccomp: z.boolean(),
  seccomp_error: z.string().nullable(),
  user_namespaces: z.boolean(),
  user_namespaces_error: z.string().nullable(),
  cgroup_pids: z.number().int().nullable(),
  pid_max_per_namespace: z.boolean(),
  uid: z.number().int(),
});

let cached: SandboxCapabilities | undefined;

function unavailable(path: string, problem: string, fix?: string): SandboxCapabilities {
  return {
    launcher: { path, available: false, problem, ...(fix ? { fix } : {}) },
    landlockAbi: 0,
    seccomp: false,
    userNamespaces: false,
    userNamespacesProblem: problem,
    processLimitWithNamespaces: "none",
    processLimitWithoutNamespaces: "none",
  };
}

/** The launcher's parsed probe report, or undefined when `stdout` is not one this version understands. */
function parseReport(stdout: string): z.infer<typeof ProbeReport> | undefined {
  try {
    return ProbeReport.parse(JSON.parse(stdout));
  } catch {
    return undefined;
  }
}

function probe(fresh: boolean): SandboxCapabilities {
  const location = locateLauncher();
  const path = location.path;
  if (process.platform !== "linux")
    return unavailable(path, `the kernel sandbox needs Linux, not ${process.platform}`);
  if (!location.exists)
    return unavailable(path, "the sandbox launcher is missing", launcherFixHint("missing"));
  // This boot's earlier probe of this very launcher (see probe-cache.ts); only successful probes are cached.
  const cached = fresh ? undefined : readCachedProbe(path);
  const cachedReport = cached === undefined ? undefined : parseReport(cached);
  if (cachedReport) return fromReport(path, cachedReport);
  const result = spawnSync(path, ["--probe"], { encoding: "utf8", timeout: 10_000 });
  if (result.error || result.status !== 0) {
    const reason = result.error?.message ?? (result.stderr.trim() || `exit status ${result.status}`);
    return unavailable(path, `the sandbox launcher does not run: ${reason}`, launcherFixHint("broken"));
  }
  const report = parseReport(result.stdout);
  if (!report)
    return unavailable(
      path,
      "the sandbox launcher is from another version (its probe output is not understood)",
      launcherFixHint("broken"),
    );
  writeCachedProbe(path, result.stdout);
  return fromReport(path, report);
}

function fromReport(path: string, report: z.infer<typeof ProbeReport>): SandboxCapabilities {
  const withoutNamespaces: ProcessLimit =
    report.cgroup_pids !== null ? "cgroup" : report.uid !== 0 ? "rlimit" : "none";
  return {
    launcher: { path, available: true },
    landlockAbi: report.landlock_abi,
    seccomp: report.seccomp,
    userNamespaces: report.user_namespaces,
    ...(report.user_namespaces_error ? { userNamespacesProblem: report.user_namespaces_error } : {}),
    processLimitWithNamespaces: report.pid_max_per_namespace
      ? "pid-namespace"
      : report.uid !== 0
        ? "rlimit"
        : withoutNamespaces,
    processLimitWithoutNamespaces: withoutNamespaces,
    arch: report.arch,
  };
}

/**
 * What this machine offers; probed once per process by running the launcher (`art-sandbox --probe`), whose output
 * is reused for the rest of the boot (see probe-cache.ts). `fresh` runs the launcher whatever is cached (`art doctor`).
 *
 * @example
 * ```ts
 * if (!detectSandboxCapabilities().launcher.available) console.error("no sandbox");
 * ```
 */
export function detectSandboxCapabilities(options: { fresh?: boolean } = {}): SandboxCapabilities {
  if (options.fresh) cached = probe(true);
  cached ??= probe(false);
  return cached;
}

/** Forgets the cached probe (after building the launcher, and in tests). */
export function resetSandboxCapabilities(): void {
  cached = undefined;
}

/** True when `env` asks for the no-namespace fallback. */
export function namespacesDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[NO_USERNS_ENV];
  return value !== undefined && value !== "" && value !== "0";
}
