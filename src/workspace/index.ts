export { findGitRoot } from "./find-git-root.js";
export { PathEscapeError } from "./path-escape-error.js";
export { isWithin, resolveForWrite, resolveInWorkspace, type WorkspacePath } from "./resolve-path.js";
