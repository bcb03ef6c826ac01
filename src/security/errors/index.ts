export { AuditCorruptError } from "./audit-corrupt-error.js";
export { AuditLockError } from "./audit-lock-error.js";
export { AuditWriteError } from "./audit-write-error.js";
export { RuleFileError } from "./rule-file-error.js";
export { ShellParserError } from "./shell-parser-error.js";
