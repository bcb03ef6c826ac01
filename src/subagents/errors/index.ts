export {
  type SubagentBudget,
  SubagentBudgetError,
  SubagentFailedError,
  SubagentOutputError,
  UnknownSubagentError,
} from "./subagent-errors.js";
