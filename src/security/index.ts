/**
 * Security: what an agent may do (exec policy, permission rules, approval modes), what its commands see (clean
 * environment, redaction of secrets) and what it did (a hash-chained audit log). See docs/security.md.
 */

export { AuditLog, sha256File, sha256Hex } from "./audit/audit-log.js";
export { auditDir, auditSessions } from "./audit/paths.js";
export {
  AUDIT_FORMAT_VERSION,
  AuditEntry,
  type AuditHead,
  type AuditRecord,
  type AuditRecordBody,
  GENESIS_HASH,
} from "./audit/record.js";
export {
  type AuditJournal,
  type AuditProblem,
  type AuditVerification,
  readAudit,
  verifyAudit,
} from "./audit/verify.js";
export { dangerousVerdict } from "./builtin/dangerous.js";
export { isKnownSafe, looksLikeSecretFile } from "./builtin/safe-commands.js";
export { stricter, type Verdict } from "./decision.js";
export {
  buildChildEnv,
  buildChildEnvDetailed,
  type ChildEnv,
  type ChildEnvOptions,
} from "./env/child-env.js";
export { RedactingStream, Redactor, type RedactorOptions } from "./env/redactor.js";
export { isSecretName } from "./env/secret-names.js";
export {
  AuditCorruptError,
  AuditLockError,
  AuditWriteError,
  RuleFileError,
  ShellParserError,
} from "./errors/index.js";
export { SecurityPolicy, type SecurityPolicyOptions } from "./policy/security-policy.js";
export { formatArtRules, parseArtRules } from "./rules/art-toml.js";
export { type ClaudeImport, formatClaudeSettings, parseClaudeSettings } from "./rules/claude.js";
export { formatCodexRules, parseCodexRules } from "./rules/codex.js";
export {
  loadRuleFile,
  projectRoot,
  projectRuleLayer,
  projectRulesFile,
  ruleFileFormat,
  userRuleFiles,
} from "./rules/load-rules.js";
export { ruleContent, ruleId } from "./rules/rule-id.js";
export { saveProjectRule } from "./rules/save-project-rule.js";
export { RULES_FORMAT_VERSION, RuleFile, rulesJsonSchema } from "./rules/schema.js";
export { shellJoin, shellSplit } from "./shell/shlex.js";
export type {
  ApprovalMode,
  Decision,
  Escalation,
  FileAccess,
  ParsedCommand,
  ParsedRedirect,
  PathRule,
  PatternToken,
  PolicyCall,
  PolicyContext,
  PolicyDecision,
  PolicyRule,
  PrefixRule,
  RuleExample,
  RuleSource,
  ToolRule,
} from "./types.js";
