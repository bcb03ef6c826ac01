export { BroadWorkspaceError, FORCE_BROAD_WORKSPACE_ENV } from "./broad-workspace-error.js";
export {
  detectSandboxCapabilities,
  NO_USERNS_ENV,
  namespacesDisabled,
  type ProcessLimit,
  resetSandboxCapabilities,
  type SandboxCapabilities,
} from "./capabilities.js";
export { type SandboxLayerReport, sandboxDoctorReport } from "./doctor-report.js";
export { explainSandboxDenial } from "./explain-denial.js";
export { LAUNCHER_RELATIVE_PATH } from "./launcher-path.js";
export { LauncherPolicy, toLauncherPolicy } from "./launcher-policy.js";
export {
  LAUNCHER_KILL_SIGNAL,
  type PreparedSpawn,
  prepareSandboxedSpawn,
  sandboxLaunchPlan,
} from "./prepare-spawn.js";
export { prepareSupervisedSpawn, type SupervisedSpawn } from "./prepare-supervised-spawn.js";
export {
  AGENT_SETTINGS_IN_ROOTS,
  PROTECTED_IN_HOME,
  type ProtectedScope,
  protectedPathReason,
} from "./protected-paths.js";
export {
  buildSandboxPolicy,
  DEFAULT_PIDS_MAX,
  DENIED_HOME_PATHS,
  GIT_USER_CONFIG,
  PROTECTED_IN_ROOTS,
  SandboxMode,
  SandboxNetwork,
  SandboxPolicy,
  type SandboxSettings,
  SHELL_RC_FILES,
} from "./sandbox-policy.js";
export { type SandboxLayer, SandboxUnavailableError } from "./sandbox-unavailable-error.js";
export { createSandboxTmpDir, removeSandboxTmpDir } from "./session-tmp-dir.js";
