import { FileAccessDeniedError } from "./file-access-denied-error.js";
import { insideNamedGitDir } from "./git-metadata.js";
import { PathEscapeError } from "./path-escape-error.js";
import { isWithin } from "./resolve-path.js";

/**
 * The sandbox's read and write policy as file tools apply it, with every path real (symlinks resolved), so it can
 * be compared with the real path of an opened descriptor.
 */
export interface FilePolicy {
  /** The workspace's real path; file tools address paths inside it. */
  workspace: string;
  /** Where writes may land (empty in read-only mode apart from the session's temp dir). */
  writableRoots: string[];
  /** True in full-access mode: commands are not sandboxed, so only git metadata stays off limits. */
  unsandboxed: boolean;
  /** Unreadable (and unwritable) paths. */
  denyRead: string[];
  /** When set, reads only beneath these. */
  readableRoots: string[] | null;
  /** Read-only paths inside writable roots, as the sandbox enforces them for commands. */
  protectedPaths: string[];
  /**
   * Why writing a real path would change what runs later (the sandbox's protected list, `protectedPathReason` in
   * src/sandbox), or undefined; applied in every mode but full-access.
   */
  protectedReason: (realPath: string) => string | undefined;
}

/** Throws {@link FileAccessDeniedError} unless a command of the session could read `realPath`. */
export function checkRead(policy: FilePolicy, realPath: string, given: string): void {
  const inside =
    isWithin(policy.workspace, realPath) || policy.writableRoots.some((root) => isWithin(root, realPath));
  if (!inside) throw new PathEscapeError(given, "it resolves (through a symlink) outside the workspace");
  if (policy.denyRead.some((denied) => isWithin(denied, realPath)))
    throw new FileAccessDeniedError(given, "read", "it is in a location the sandbox keeps unreadable");
  if (
    policy.readableRoots &&
    !policy.readableRoots.some((root) => isWithin(root, realPath)) &&
    !policy.writableRoots.some((root) => isWithin(root, realPath))
  )
    throw new FileAccessDeniedError(given, "read", "it is outside the sandbox's readable roots");
}

/** Throws {@link FileAccessDeniedError} unless a command of the session could write `realPath`. */
export function checkWrite(policy: FilePolicy, realPath: string, given: string): void {
  if (!isWithin(policy.workspace, realPath) && !policy.writableRoots.some((root) => isWithin(root, realPath)))
    throw new PathEscapeError(given, "a symlink leads outside the workspace");
  if (!policy.writableRoots.some((root) => isWithin(root, realPath)))
    throw new FileAccessDeniedError(given, "write", "the sandbox is read-only for this session");
  if (policy.denyRead.some((denied) => isWithin(denied, realPath)))
    throw new FileAccessDeniedError(given, "write", "it is in a location the sandbox keeps off limits");
  if (realPath.split("/").includes(".git"))
    throw new FileAccessDeniedError(given, "write", "it is git metadata (inside a .git directory)");
  if (insideNamedGitDir(realPath, policy.workspace))
    throw new FileAccessDeniedError(given, "write", "it is git metadata (the directory a .git file names)");
  if (policy.unsandboxed) return;
  if (policy.protectedPaths.some((entry) => isWithin(entry, realPath)))
    throw new FileAccessDeniedError(
      given,
      "write",
      "the sandbox keeps it read-only (it controls what runs later)",
    );
  const reason = policy.protectedReason(realPath);
  if (reason) throw new FileAccessDeniedError(given, "write", reason);
}
