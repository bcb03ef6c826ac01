export { displayName } from "./escaped-name.js";
export { FileAccessDeniedError } from "./file-access-denied-error.js";
export { checkRead, checkWrite, type FilePolicy } from "./file-policy.js";
export { findGitRoot } from "./find-git-root.js";
export { at, closeQuietly, openDirectory, realPathOf } from "./held-directory.js";
export { isInsideReal } from "./is-inside-real.js";
export { type OpenedForRead, openForRead } from "./open-for-read.js";
export { pathArgument } from "./path-argument.js";
export { PathEscapeError } from "./path-escape-error.js";
export { lockKey, withFileLocks } from "./path-lock.js";
export { isWithin, resolveForWrite, resolveInWorkspace, type WorkspacePath } from "./resolve-path.js";
export {
  runUserGit,
  USER_GIT_CONFIG,
  UserGitError,
  type UserGitOptions,
  type UserGitResult,
  userGitEnv,
  userGitText,
} from "./user-git.js";
export {
  checkWriteTarget,
  type HeldParent,
  holdParentForWrite,
  type SecureWriteResult,
  writeFileSecurely,
} from "./write-securely.js";
