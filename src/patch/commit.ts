import { randomBytes } from "node:crypto";
import { constants, realpathSync } from "node:fs";
import { link, lstat, open, rename, rm, unlink } from "node:fs/promises";
import { ArtError } from "../core/index.js";
import {
  at,
  closeQuietly,
  type FilePolicy,
  type HeldParent,
  holdParentForWrite,
} from "../workspace/index.js";
import { PatchWriteError } from "./patch-write-error.js";
import type { PatchPlan, PlannedWrite } from "./plan.js";

/** What has been done so far, so it can be undone. Every entry is reached through its held parent directory. */
interface Journal {
  parents: Map<PlannedWrite, HeldParent>;
  createdDirs: string[];
  temps: Map<PlannedWrite, Buffer>;
  /** Targets already swapped, in order, with the backup of what they replaced (absent when nothing existed). */
  swapped: { write: PlannedWrite; backup?: Buffer; placed: boolean }[];
}

function sibling(name: Buffer, suffix: string): Buffer {
  return Buffer.concat([
    Buffer.from("."),
    name,
    Buffer.from(`.art-${randomBytes(6).toString("hex")}.${suffix}`),
  ]);
}

async function exists(file: Buffer): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

async function writeTemp(write: PlannedWrite & { content: string }, parent: HeldParent, journal: Journal) {
  // The plan resolved symlinks to their targets; a link here now was swapped in since: never write through it.
  if ((await lstat(at(parent.directory, parent.name)).catch(() => undefined))?.isSymbolicLink())
    throw new Error("a symlink appeared in its place");
  const temp = sibling(parent.name, "tmp");
  const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW;
  const handle = await open(at(parent.directory, temp), flags, write.mode ?? 0o666);
  journal.temps.set(write, temp);
  try {
    await handle.writeFile(write.content, "utf8");
    if (write.mode !== undefined) await handle.chmod(write.mode); // The umask must not strip a kept mode.
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

async function swap(write: PlannedWrite, journal: Journal): Promise<void> {
  const parent = journal.parents.get(write)!;
  const target = at(parent.directory, parent.name);
  const temp = journal.temps.get(write);
  const stats = await lstat(target).catch(() => undefined);
  if (stats?.isDirectory()) throw new Error("a directory is in the way");
  const backupName = stats ? sibling(parent.name, "bak") : undefined;
  if (backupName) {
    const backup = at(parent.directory, backupName);
    // A hard link keeps the old file reachable while the rename below replaces it in one step.
    if (temp) await link(target, backup).catch(() => rename(target, backup));
    else await rename(target, backup);
  }
  const step: Journal["swapped"][number] = {
    write,
    placed: false,
    ...(backupName ? { backup: backupName } : {}),
  };
  journal.swapped.push(step);
  if (temp) {
    await rename(at(parent.directory, temp), target);
    journal.temps.delete(write);
    step.placed = true;
  }
}

async function rollback(journal: Journal): Promise<boolean> {
  let clean = true;
  const attempt = async (action: () => Promise<unknown>) => {
    try {
      await action();
    } catch {
      clean = false;
    }
  };
  for (const step of journal.swapped.reverse()) {
    const parent = journal.parents.get(step.write)!;
    const target = at(parent.directory, parent.name);
    const backup = step.backup ? at(parent.directory, step.backup) : undefined;
    // Not placed and still present: the backup is a hard link to the untouched target and only needs removing.
    if (backup && !step.placed && (await exists(target))) await attempt(() => unlink(backup));
    else if (backup) await attempt(() => rename(backup, target));
    else if (step.placed) await attempt(() => unlink(target));
  }
  for (const [write, temp] of journal.temps) {
    const parent = journal.parents.get(write)!;
    await attempt(() => unlink(at(parent.directory, temp)));
  }
  for (const directory of journal.createdDirs.reverse())
    await attempt(() => rm(directory, { recursive: true, force: true }));
  return clean;
}

/** Workspace containment and git metadata only: for a patch the user applies themselves (`art apply-patch`). */
function containmentOnly(plan: PatchPlan): FilePolicy {
  const workspace = realpathSync(plan.cwd);
  return {
    workspace,
    writableRoots: [workspace],
    unsandboxed: true,
    denyRead: [],
    readableRoots: null,
    protectedPaths: [],
    protectedReason: () => undefined,
  };
}

/**
 * Writes a plan all or nothing: every new content goes to a temp file beside its target first; only when all are
 * written are targets swapped in by rename (old versions kept as backups). Any failure restores the tree as it was
 * and throws {@link PatchWriteError}. Each target's parent directory is held open, reached component by component
 * and checked against `files` (the session's sandbox policy; without one, workspace containment), and every step
 * goes through that descriptor, so a folder swapped for a symlink after planning cannot redirect a write.
 */
export async function commitPlan(plan: PatchPlan, files?: FilePolicy): Promise<void> {
  const policy = files ?? containmentOnly(plan);
  const journal: Journal = { parents: new Map(), createdDirs: [], temps: new Map(), swapped: [] };
  let current: PlannedWrite | undefined;
  try {
    for (const write of plan.writes) {
      current = write;
      const parent = await holdParentForWrite(plan.cwd, write.relative, policy);
      journal.parents.set(write, parent);
      journal.createdDirs.push(...parent.created.slice(0, 1));
      if (write.content !== null)
        await writeTemp(write as PlannedWrite & { content: string }, parent, journal);
    }
    for (const write of plan.writes) {
      current = write;
      await swap(write, journal);
    }
  } catch (error) {
    const clean = await rollback(journal);
    await closeAll(journal);
    // A path the policy refuses is the model's to fix, in the policy's own words.
    if (clean && ArtError.isInstance(error) && error.code.startsWith("path.")) throw error;
    throw new PatchWriteError(current?.relative ?? "?", error, clean);
  }
  // The new tree is in place; backups are only garbage now.
  await Promise.all(
    journal.swapped.map((step) => {
      const parent = journal.parents.get(step.write)!;
      return step.backup ? unlink(at(parent.directory, step.backup)).catch(() => {}) : undefined;
    }),
  );
  await closeAll(journal);
}

async function closeAll(journal: Journal): Promise<void> {
  for (const parent of journal.parents.values()) await closeQuietly(parent.directory);
}
