export {
  type SubagentBudget,
  SubagentBudgetError,
  SubagentFailedError,
  SubagentOutputError,
  UnknownSubagentError,
} from "./subagent-errors.js";
export {
  BringBackConflictError,
  WorktreeConflictError,
  WorktreeUnavailableError,
} from "./worktree-errors.js";
