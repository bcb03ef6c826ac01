import path from "node:path";
import { InvalidInputError } from "../core/index.js";
import { detectSandboxCapabilities, NO_USERNS_ENV, namespacesDisabled } from "./capabilities.js";
import { toLauncherPolicy } from "./launcher-policy.js";
import { prepareSupervisedSpawn } from "./prepare-supervised-spawn.js";
import type { SandboxPolicy } from "./sandbox-policy.js";
import { SandboxUnavailableError } from "./sandbox-unavailable-error.js";

/** What to hand to `child_process.spawn`. */
export interface PreparedSpawn {
  /** The program to run: the launcher, or the command itself for full-access. */
  file: string;
  /** Its arguments. */
  args: string[];
  /** Its environment (TMPDIR points at the policy's private temp dir). */
  env: NodeJS.ProcessEnv;
  /**
   * Set when the launcher runs the command: send this signal (to the launcher's process group) instead of SIGKILL
   * to end the command. The launcher then kills the command's whole tree, cleans up and exits; SIGKILL would end
   * the launcher first and leave behind whatever left the group (`setsid`), and skip the clean-up.
   */
  killSignal?: number;
}

/** The launcher's "kill everything and clean up" signal (SIGRTMIN + 6); also its parent-death signal. */
export const LAUNCHER_KILL_SIGNAL = 40;

const OPT_OUT = 'or run with the "full-access" sandbox mode to opt out of sandboxing.';

/** Whether a launch under `policy` would use namespaces here; throws when the policy cannot be honoured. */
export function sandboxLaunchPlan(
  policy: SandboxPolicy,
  env: NodeJS.ProcessEnv = process.env,
): { namespaces: boolean } {
  const capabilities = detectSandboxCapabilities();
  if (!capabilities.launcher.available) {
    const problem = capabilities.launcher.problem ?? "the sandbox launcher is unavailable";
    if (process.platform !== "linux")
      throw new SandboxUnavailableError(
        "platform",
        `Cannot sandbox the command: ${problem}.`,
        `Use a Linux machine, ${OPT_OUT}`,
      );
    throw new SandboxUnavailableError(
      "launcher",
      `Cannot sandbox the command: ${problem} (${capabilities.launcher.path}).`,
      `${capabilities.launcher.fix ?? "Reinstall agent-runtime."} To opt out of sandboxing instead, use the "full-access" sandbox mode.`,
    );
  }
  if (capabilities.landlockAbi === 0)
    throw new SandboxUnavailableError(
      "landlock",
      "Cannot sandbox the command: this kernel offers no Landlock, which enforces the writable roots.",
      `Boot Linux 5.13 or later with Landlock enabled (CONFIG_SECURITY_LANDLOCK=y and "landlock" in the lsm= boot parameter), ${OPT_OUT}`,
    );
  if (!capabilities.seccomp)
    throw new SandboxUnavailableError(
      "seccomp",
      "Cannot sandbox the command: seccomp filters cannot be installed here.",
      `Use an x86_64 or aarch64 kernel built with CONFIG_SECCOMP_FILTER, ${OPT_OUT}`,
    );
  const namespaces = capabilities.userNamespaces && !namespacesDisabled(env);
  if (policy.requireNamespaces && !namespaces) {
    const why = namespacesDisabled(env)
      ? `${NO_USERNS_ENV} is set`
      : (capabilities.userNamespacesProblem ?? "user namespaces are unavailable");
    throw new SandboxUnavailableError(
      "namespaces",
      `Cannot sandbox the command with namespaces: ${why}.`,
      `Allow unprivileged user namespaces (Ubuntu: sysctl kernel.apparmor_restrict_unprivileged_userns=0), unset ${NO_USERNS_ENV}, or drop requireNamespaces to accept the Landlock + seccomp fallback.`,
    );
  }
  return { namespaces };
}

/**
 * Turns `argv` into the spawn arguments that run it under `policy`. full-access applies no sandbox layer but still
 * goes through the launcher's supervise-only mode when there is one (see `prepareSupervisedSpawn`), so the command
 * dies with the runtime.
 * Throws {@link SandboxUnavailableError} (fail closed) when this machine cannot apply the policy. The launcher it
 * returns dies with its parent; signal it (SIGTERM, SIGINT) to signal the command; when the command exits, every
 * process it started is killed before the launcher exits with the command's status (125 = the launcher failed; its
 * stderr line starts with "art-sandbox:").
 */
export function prepareSandboxedSpawn(
  argv: string[],
  policy: SandboxPolicy,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): PreparedSpawn {
  const [file, ...args] = argv;
  if (file === undefined || file === "") throw new InvalidInputError("The command to sandbox is empty.");
  if (policy.mode === "full-access") {
    const { supervised: _, ...spawn } = prepareSupervisedSpawn(argv, options);
    return spawn;
  }
  // The switch counts in the runtime's own environment and in the one handed to the command.
  const plan = sandboxLaunchPlan(policy, namespacesDisabled(options.env) ? options.env : process.env);
  const launcher = detectSandboxCapabilities().launcher.path;
  const wire = toLauncherPolicy(policy, { namespaces: plan.namespaces, cwd: path.resolve(options.cwd) });
  return {
    file: launcher,
    args: ["--policy", JSON.stringify(wire), "--", file, ...args],
    env: { ...options.env, TMPDIR: policy.tmpDir },
    killSignal: LAUNCHER_KILL_SIGNAL,
  };
}
