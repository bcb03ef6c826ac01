import type { Parser } from "web-tree-sitter";
import type { ApprovalMode, PolicyRule } from "../types.js";

/** Everything judging needs besides the call. */
export interface JudgeEnv {
  /** Absolute workspace root. */
  workspace: string;
  home: string | undefined;
  /** Every rule from every layer, plus this session's. */
  rules: PolicyRule[];
  approval: ApprovalMode;
  /** The name of the calling tool, for tool-name rules. */
  tool: string;
  parser?: Parser;
}
