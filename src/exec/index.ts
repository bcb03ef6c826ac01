export { type CgroupReport, cgroupReport } from "./cgroup-report.js";
export {
  type CommandSlotStats,
  type CommandSlots,
  commandCapFrom,
  configureCommandCap,
  FairCommandSlots,
  processCommandSlots,
} from "./command-slots.js";
export { killGroupOnExit } from "./kill-on-exit.js";
export { HeadTailBuffer, truncateMiddle } from "./output-buffer.js";
export { signalGroup, terminateGroup } from "./process-group.js";
export { ProcessCommandRunner, type ProcessRunnerOptions, type SpawnPreparer } from "./process-runner.js";
export {
  CgroupUnavailableError,
  configuredSessionLimits,
  configureSessionLimits,
  SessionCgroup,
  type SessionLimits,
} from "./session-cgroup.js";
