import { randomBytes } from "node:crypto";
import { link, lstat, mkdir, open, rename, rm, unlink } from "node:fs/promises";
import path from "node:path";
import { resolveForWrite } from "../workspace/index.js";
import { PatchWriteError } from "./patch-write-error.js";
import type { PatchPlan, PlannedWrite } from "./plan.js";

/** What has been done so far, so it can be undone. */
interface Journal {
  createdDirs: string[];
  temps: Map<PlannedWrite, string>;
  /** Targets already swapped, in order, with the backup of what they replaced (absent when nothing existed). */
  swapped: { target: string; backup?: string; placed: boolean }[];
}

function sibling(file: string, suffix: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.art-${randomBytes(6).toString("hex")}.${suffix}`,
  );
}

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

async function writeTemp(
  write: PlannedWrite & { content: string },
  cwd: string,
  journal: Journal,
): Promise<void> {
  const directory = path.dirname(write.path);
  const created = await mkdir(directory, { recursive: true });
  if (created) journal.createdDirs.push(created);
  // Folders may have been created just now: prove again that the file lands inside the workspace.
  resolveForWrite(cwd, write.path);
  const temp = sibling(write.path, "tmp");
  const handle = await open(temp, "wx", write.mode ?? 0o666);
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
  const target = write.path;
  const temp = journal.temps.get(write);
  const stats = await lstat(target).catch(() => undefined);
  if (stats?.isDirectory()) throw new Error("a directory is in the way");
  const backup = stats ? sibling(target, "bak") : undefined;
  if (backup) {
    // A hard link keeps the old file reachable while the rename below replaces it in one step.
    if (temp) await link(target, backup).catch(() => rename(target, backup));
    else await rename(target, backup);
  }
  const step: Journal["swapped"][number] = { target, placed: false, ...(backup ? { backup } : {}) };
  journal.swapped.push(step);
  if (temp) {
    await rename(temp, target);
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
    const backup = step.backup;
    // Not placed and still present: the backup is a hard link to the untouched target and only needs removing.
    if (backup && !step.placed && (await exists(step.target))) await attempt(() => unlink(backup));
    else if (backup) await attempt(() => rename(backup, step.target));
    else if (step.placed) await attempt(() => unlink(step.target));
  }
  for (const temp of journal.temps.values()) await attempt(() => unlink(temp));
  for (const directory of journal.createdDirs.reverse())
    await attempt(() => rm(directory, { recursive: true, force: true }));
  return clean;
}

/**
 * Writes a plan all or nothing: every new content goes to a temp file beside its target first; only when all are
 * written are targets swapped in by rename (old versions kept as backups). Any failure restores the tree as it was
 * and throws {@link PatchWriteError}.
 */
export async function commitPlan(plan: PatchPlan): Promise<void> {
  for (const write of plan.writes) resolveForWrite(plan.cwd, write.path);
  const journal: Journal = { createdDirs: [], temps: new Map(), swapped: [] };
  let current: PlannedWrite | undefined;
  try {
    for (const write of plan.writes) {
      current = write;
      if (write.content !== null)
        await writeTemp(write as PlannedWrite & { content: string }, plan.cwd, journal);
    }
    for (const write of plan.writes) {
      current = write;
      await swap(write, journal);
    }
  } catch (error) {
    const clean = await rollback(journal);
    throw new PatchWriteError(current?.relative ?? "?", error, clean);
  }
  // The new tree is in place; backups are only garbage now.
  await Promise.all(
    journal.swapped.map((step) => (step.backup ? unlink(step.backup).catch(() => {}) : undefined)),
  );
}
