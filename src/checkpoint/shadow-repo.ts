import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { CheckpointStoreError } from "./errors/checkpoint-store-error.js";
import { GitRunner } from "./git.js";

/** Format of `workspace.json`; bump with a migration when the layout changes. */
export const STORE_FORMAT = 1;

/** The files of one workspace's checkpoint store. */
export interface StoreLayout {
  /** `$ART_HOME/checkpoints/<workspace-id>` */
  directory: string;
  /** The shadow git dir (bare). */
  gitDir: string;
  /** The shadow index; git's default place inside the git dir, so `git gc` counts its blobs as reachable. */
  indexFile: string;
  /** Our lock, beside (not inside) the git dir. */
  lockFile: string;
  /** Which workspace this store belongs to, and its format. */
  metaFile: string;
  /** When maintenance last ran. */
  maintenanceFile: string;
}

export function storeLayout(directory: string): StoreLayout {
  const gitDir = path.join(directory, "repo");
  return {
    directory,
    gitDir,
    indexFile: path.join(gitDir, "index"),
    lockFile: path.join(directory, "lock"),
    metaFile: path.join(directory, "workspace.json"),
    maintenanceFile: path.join(directory, "maintenance.json"),
  };
}

/**
 * The shadow repository's whole configuration. System and global config are never read (see `isolatedGitEnv`),
 * so this is all git sees: no hooks, no signing, no automatic gc or maintenance, no fsmonitor, no reflogs (which
 * would keep pruned checkpoints alive), no line-ending or filter conversion (also forced off in
 * `info/attributes`), and the stat cache settings that make incremental snapshots cheap.
 */
export const SHADOW_CONFIG = `[core]
\trepositoryformatversion = 0
\tbare = true
\tfilemode = true
\tsymlinks = true
\tignorecase = false
\tprecomposeunicode = false
\tautocrlf = false
\tsafecrlf = false
\thooksPath = /dev/null
\tfsmonitor = false
\tuntrackedCache = true
\tpreloadIndex = true
\tlogAllRefUpdates = false
\tsparseCheckout = false
\tsplitIndex = false
\tquotePath = false
[index]
\tversion = 4
[gc]
\tauto = 0
\tautoDetach = false
\twriteCommitGraph = false
\treflogExpire = now
\treflogExpireUnreachable = now
[maintenance]
\tauto = false
[commit]
\tgpgSign = false
[tag]
\tgpgSign = false
[user]
\tname = Agent Runtime
\temail = checkpoints@agent-runtime.invalid
[pack]
\tthreads = 2
\twindowMemory = 128m
\tdeltaCacheSize = 64m
[repack]
\twriteBitmaps = false
[diff]
\trenames = false
\tnoprefix = false
\tmnemonicPrefix = false
[submodule]
\trecurse = false
[advice]
\tdetachedHead = false
[art]
\tconfigVersion = 1
`;

/** Git attributes that override the workspace's own `.gitattributes`: bytes go in and come out unchanged. */
export const SHADOW_ATTRIBUTES = "* -text -eol -crlf -filter -ident -working-tree-encoding\n";

/** Writes `content` atomically unless the file already holds it; true when it wrote. */
async function writeIfChanged(file: string, content: string): Promise<boolean> {
  let current: string | null = null;
  try {
    current = await readFile(file, "utf8");
  } catch {
    // missing
  }
  if (current === content) return false;
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, content);
  await rename(temporary, file);
  return true;
}

interface StoreMeta {
  format: number;
  workspace: string;
  createdAt: string;
}

/** Checks (or writes) `workspace.json`: a store belongs to exactly one workspace and has a known format. */
export async function checkStoreMeta(layout: StoreLayout, workspace: string): Promise<void> {
  let meta: StoreMeta | null = null;
  try {
    meta = JSON.parse(await readFile(layout.metaFile, "utf8")) as StoreMeta;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new CheckpointStoreError(`The checkpoint store ${layout.metaFile} is unreadable.`, {
        hint: `Delete ${layout.directory} to start its checkpoints afresh.`,
        cause: error,
      });
    }
  }
  if (meta === null) {
    const fresh: StoreMeta = { format: STORE_FORMAT, workspace, createdAt: new Date().toISOString() };
    await writeIfChanged(layout.metaFile, `${JSON.stringify(fresh, null, 2)}\n`);
    return;
  }
  if (meta.format !== STORE_FORMAT) {
    throw new CheckpointStoreError(
      `The checkpoint store ${layout.directory} has format ${meta.format}; this version reads format ${STORE_FORMAT}.`,
      { hint: "Upgrade agent-runtime, or delete that folder to start its checkpoints afresh." },
    );
  }
  if (meta.workspace !== workspace) {
    throw new CheckpointStoreError(
      `The checkpoint store ${layout.directory} belongs to ${meta.workspace}, not ${workspace}.`,
      { hint: "Delete that folder; two workspaces must never share a shadow repository." },
    );
  }
}

/** Creates the shadow repository when missing and (re)writes its configuration. Call under the lock. */
export async function ensureShadowRepo(layout: StoreLayout, workspace: string): Promise<void> {
  if (!existsSync(path.join(layout.gitDir, "HEAD"))) {
    await mkdir(layout.gitDir, { recursive: true });
    // An empty --template: no sample hooks, no description, nothing we did not ask for.
    await new GitRunner({ gitDir: layout.gitDir, workTree: workspace, indexFile: layout.indexFile }).run(
      ["init", "--quiet", "--bare", "--template=", layout.gitDir],
      { noWorkTree: true },
    );
  }
  await writeIfChanged(path.join(layout.gitDir, "config"), SHADOW_CONFIG);
  await mkdir(path.join(layout.gitDir, "info"), { recursive: true });
  await writeIfChanged(path.join(layout.gitDir, "info", "attributes"), SHADOW_ATTRIBUTES);
}

/** Rewrites the shadow `info/exclude` when its content changed (an unchanged file keeps git's caches valid). */
export function syncExcludeFile(layout: StoreLayout, content: string): Promise<boolean> {
  return writeIfChanged(path.join(layout.gitDir, "info", "exclude"), content);
}

/**
 * Removes lock files git leaves behind when it is killed. Only called while we hold our own lock, so no git
 * process of ours can be using them; `deep` also walks refs/ (after breaking a stale lock of a crashed process).
 */
export async function sweepGitLocks(layout: StoreLayout, deep: boolean): Promise<void> {
  const names = ["index.lock", "HEAD.lock", "packed-refs.lock", "config.lock", "shallow.lock"];
  await Promise.all(names.map((name) => unlink(path.join(layout.gitDir, name)).catch(() => {})));
  if (!deep) return;
  const walk = async (directory: string): Promise<void> => {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.name.endsWith(".lock")) await unlink(full).catch(() => {});
    }
  };
  await walk(path.join(layout.gitDir, "refs"));
  for (const entry of await readdir(layout.gitDir).catch(() => [] as string[])) {
    if (entry.startsWith("art-tmp-")) await unlink(path.join(layout.gitDir, entry)).catch(() => {});
  }
}
