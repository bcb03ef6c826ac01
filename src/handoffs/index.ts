export * from "./errors/index.js";
export { handoffHook, settingsFor } from "./handoff-hook.js";
export {
  type BuiltTeam,
  buildHandoffTeam,
  DEFAULT_MAX_HANDOFFS_PER_TURN,
  type TeamBuilderServices,
  transferToolsOf,
  withTransferTools,
} from "./handoff-team.js";
export { filterInput, type HandoffInputFilter, type HandoffInputOption } from "./input-filter.js";
export { transferTool, transferToolName } from "./transfer-tool.js";
