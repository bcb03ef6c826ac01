export {
  type SubagentBudget,
  SubagentBudgetError,
  SubagentFailedError,
  SubagentOutputError,
  UnknownSubagentError,
} from "./subagent-errors.js";
export { WorktreeConflictError, WorktreeUnavailableError } from "./worktree-errors.js";
