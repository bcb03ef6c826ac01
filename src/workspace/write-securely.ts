import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { type FileHandle, lstat, mkdir, open, realpath, rename, unlink } from "node:fs/promises";
import path from "node:path";
import { InvalidInputError } from "../core/index.js";
import { checkWrite, type FilePolicy } from "./file-policy.js";
import { at, closeQuietly, openDirectory, realPathOf } from "./held-directory.js";
import { type PathArgument, pathArgument } from "./path-argument.js";
import { PathEscapeError } from "./path-escape-error.js";

/** What {@link writeFileSecurely} did. */
export interface SecureWriteResult {
  /** Workspace-relative, as given. */
  relative: string;
  /** Whether a file was replaced (else created). */
  replaced: boolean;
  /** The real path written. */
  realPath: string;
}

/** A held directory and the name below it that is about to be written. */
export interface HeldParent {
  /** The parent directory, open; the caller closes it. */
  directory: FileHandle;
  /** The last component of the path. */
  name: Buffer;
  /** The real path of the target: the held directory's real path joined with `name`. */
  realPath: string;
  /** Real paths of the folders created on the way, outermost first (for undoing them). */
  created: string[];
}
type Parent = HeldParent;

/**
 * Walks to the parent of `argument` one component at a time from a descriptor on the workspace root. Existing
 * components may be symlinks (inside the workspace); each directory created is created through the held
 * descriptor of its parent, after the policy allowed it, and reopened without following links.
 */
async function holdParent(
  policy: FilePolicy,
  argument: PathArgument,
  given: string,
  create: boolean,
): Promise<Parent | undefined> {
  const name = argument.components.at(-1);
  if (!name) throw new InvalidInputError(`"${given}" is the workspace itself, not a file.`);
  let directory = await openDirectory(policy.workspace, { follow: true });
  const created: string[] = [];
  try {
    for (const component of argument.components.slice(0, -1)) {
      let child: FileHandle;
      try {
        child = await openDirectory(at(directory, component), { follow: true });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOTDIR")
          throw new InvalidInputError(`Cannot write "${given}": a parent is not a directory.`);
        if (code !== "ENOENT") throw error;
        // A dangling symlink also reads ENOENT; mkdir through it fails with EEXIST rather than creating its target.
        if (!create) return undefined;
        checkWrite(policy, path.join(await realPathOf(directory), component.toString("utf8")), given);
        await mkdir(at(directory, component)).catch((mkdirError: NodeJS.ErrnoException) => {
          if (mkdirError.code === "EEXIST")
            throw new PathEscapeError(given, "it goes through a symlink whose target does not exist");
          throw mkdirError;
        });
        child = await openDirectory(at(directory, component), { follow: false });
        created.push(await realPathOf(child));
      }
      await closeQuietly(directory);
      directory = child;
    }
    return {
      directory,
      name,
      realPath: path.join(await realPathOf(directory), name.toString("utf8")),
      created,
    };
  } catch (error) {
    await closeQuietly(directory);
    throw error;
  }
}

/**
 * Holds the parent of `relative` (creating missing folders when `create`) and proves that writing the entry
 * itself — not what a symlink there points to — is allowed: for writers that then work through
 * `at(directory, name)` (the patch engine's all-or-nothing commit).
 */
export async function holdParentForWrite(
  root: string,
  relative: string,
  policy: FilePolicy,
): Promise<HeldParent> {
  const argument = pathArgument(root, relative);
  checkWrite(policy, path.join(policy.workspace, argument.relative), argument.relative);
  const parent = await holdParent(policy, argument, argument.relative, true);
  if (!parent) throw new Error("unreachable: holdParent creates missing folders");
  try {
    checkWrite(policy, parent.realPath, argument.relative);
    return parent;
  } catch (error) {
    await closeQuietly(parent.directory);
    throw error;
  }
}

/**
 * Where a write to `given` would land, proven against the sandbox's write policy (see {@link writeFileSecurely}),
 * without writing: for checking every target of a patch before it is applied.
 */
export async function checkWriteTarget(root: string, given: string, policy: FilePolicy): Promise<string> {
  const argument = pathArgument(root, given);
  const parent = await holdParent(policy, argument, argument.relative, false);
  if (!parent) {
    // Folders that do not exist yet would be created below the deepest one that does; judge the whole path.
    const lexical = path.join(policy.workspace, argument.relative);
    checkWrite(policy, lexical, argument.relative);
    return lexical;
  }
  try {
    return await judgeTarget(policy, parent, argument.relative, 0);
  } finally {
    await closeQuietly(parent.directory);
  }
}

/** The real path a write to the parent's name lands on, after following a final symlink inside the workspace. */
async function judgeTarget(
  policy: FilePolicy,
  parent: Parent,
  given: string,
  depth: number,
): Promise<string> {
  const stats = await lstat(at(parent.directory, parent.name)).catch(() => undefined);
  if (stats?.isSymbolicLink()) {
    const resolved = await realpath(at(parent.directory, parent.name)).catch(() => {
      throw new PathEscapeError(given, "it is a symlink whose target does not exist");
    });
    checkWrite(policy, resolved, given);
    if (depth > 0) throw new PathEscapeError(given, "it is a chain of symlinks");
    return resolved;
  }
  checkWrite(policy, parent.realPath, given);
  return parent.realPath;
}

/**
 * Creates or replaces `given` with `content` so that a sandboxed command of the session could have written it:
 * the parent directory is held by a descriptor reached component by component, the target's real path is checked
 * against the sandbox's write policy (writable roots, read-only mode, denied and protected paths, git metadata),
 * and the new content goes to a temp file created beside it with `O_EXCL` (never through a link) and renamed over
 * it through the held descriptor. A final symlink inside the workspace is written through to its target; a hard
 * link is replaced, never written through. An existing file's mode is kept.
 */
export async function writeFileSecurely(
  root: string,
  given: string,
  content: string,
  policy: FilePolicy,
): Promise<SecureWriteResult> {
  const argument = pathArgument(root, given);
  checkWrite(policy, path.join(policy.workspace, argument.relative), argument.relative);
  const parent = await holdParent(policy, argument, argument.relative, true);
  if (!parent) throw new Error("unreachable: holdParent creates missing folders");
  try {
    const target = await judgeTarget(policy, parent, argument.relative, 0);
    if (target !== parent.realPath) {
      // A symlink inside the workspace: write where it points, held the same way.
      const relative = path.relative(policy.workspace, target);
      const result = await writeFileSecurely(policy.workspace, relative, content, policy);
      return { ...result, relative: argument.relative };
    }
    const existing = await lstat(at(parent.directory, parent.name)).catch(() => undefined);
    if (existing?.isDirectory()) throw new InvalidInputError(`"${argument.relative}" is a directory.`);
    const temp = Buffer.concat([
      Buffer.from("."),
      parent.name,
      Buffer.from(`.art-${randomBytes(4).toString("hex")}`),
    ]);
    const mode = existing?.isFile() ? existing.mode & 0o7777 : 0o644;
    const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
    const handle = await open(at(parent.directory, temp), flags, mode);
    try {
      await handle.writeFile(content, "utf8");
      await handle.chmod(mode);
      await handle.datasync();
      await handle.close();
      await rename(at(parent.directory, temp), at(parent.directory, parent.name));
    } catch (error) {
      await handle.close().catch(() => {});
      await unlink(at(parent.directory, temp)).catch(() => {});
      throw error;
    }
    return { relative: argument.relative, replaced: existing !== undefined, realPath: parent.realPath };
  } finally {
    await closeQuietly(parent.directory);
  }
}
