import type { Parser } from "web-tree-sitter";
import type { ApprovalMode, PolicyRule } from "../types.js";

/** Everything judging needs besides the call. */
export interface JudgeEnv {
  /** Absolute workspace root. */
  workspace: string;
  home: string | undefined;
  /** `$ART_HOME`: sessions, journal and audit; reading it is reading a credential store. */
  artHome?: string;
  /** Every rule from every layer, plus this session's. */
  rules: PolicyRule[];
  approval: ApprovalMode;
  /** The name of the calling tool, for tool-name rules. */
  tool: string;
  parser?: Parser;
}
