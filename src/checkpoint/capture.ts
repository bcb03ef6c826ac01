import { constants, lstatSync } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import { importBlobs } from "./bulk-import.js";
import { CheckpointGitError } from "./errors/checkpoint-git-error.js";
import { type GitRunner, splitNul } from "./git.js";

/** A path a snapshot left out, and why. */
export interface SkippedPath {
  /** Relative to the workspace, `/`-separated. */
  path: string;
  reason: string;
}

/** What one capture wrote. */
export interface CaptureResult {
  /** The tree of the captured workspace. */
  tree: string;
  /** Paths left out (over the size cap, unreadable, not a file or link). */
  skipped: SkippedPath[];
  /** Index entries added, updated or removed: the paths that changed since the index last saw the workspace. */
  changedFiles: number;
  /** True when so many files were added that git's caches (untracked cache, stat data) are worth warming. */
  bulk: boolean;
}

/** Options for {@link captureWorkspace}. */
export interface CaptureOptions {
  workspace: string;
  maxFileBytes: number;
  /** Index to update; default the shadow index. */
  indexFile?: string;
  /** An index path that does not exist, used to list nested repositories from scratch. */
  emptyIndexFile: string;
  /** The exclude list or the user's info/exclude changed since the last capture. */
  rulesChanged?: boolean;
  signal?: AbortSignal;
}

/** Above this many new folders, one full scan for untracked files is cheaper than a pathspec per folder. */
const MAX_PATHSPECS = 100;
/** From this many files in one update on, blobs go into one pack (fast-import) instead of loose objects. */
const BULK_THRESHOLD = 500;
/** Nested repositories inside nested repositories are followed this deep. */
const MAX_NESTING = 8;

/** Answers "is some leading directory of this path not a real directory?" with one lstat per directory. */
export class AncestorCheck {
  private readonly kinds = new Map<string, boolean>();

  constructor(private readonly root: string) {}

  /** True when a parent of `relative` is a symlink or a file: git must not look (or write) through it. */
  blocked(relative: string): boolean {
    let index = relative.indexOf("/");
    while (index !== -1) {
      const directory = relative.slice(0, index);
      let isDirectory = this.kinds.get(directory);
      if (isDirectory === undefined) {
        try {
          isDirectory = lstatSync(path.join(this.root, directory)).isDirectory();
        } catch {
          isDirectory = true; // missing: nothing to look through
        }
        this.kinds.set(directory, isDirectory);
      }
      if (!isDirectory) return true;
      index = relative.indexOf("/", index + 1);
    }
    return false;
  }
}

/**
 * Lists the files of a nested git repository (`relativeRoot` ends with `/`) as git would list an ordinary
 * folder's: git itself stops at a folder holding `.git`, and `git add` would record it as a gitlink. Running
 * `ls-files` with the nested folder as the work tree and an empty index lists its content by the nested
 * repository's own `.gitignore` files and our excludes, never looking inside its `.git`.
 */
async function listNestedRepository(
  git: GitRunner,
  options: CaptureOptions,
  relativeRoot: string,
  depth: number,
  skipped: SkippedPath[],
): Promise<string[]> {
  const result = await git.run(["ls-files", "-z", "-o", "--exclude-standard"], {
    location: { workTree: path.join(options.workspace, relativeRoot), indexFile: options.emptyIndexFile },
    signal: options.signal,
  });
  const files: string[] = [];
  for (const entry of splitNul(result.stdout)) {
    const full = relativeRoot + entry;
    if (!entry.endsWith("/")) files.push(full);
    else if (depth < MAX_NESTING)
      files.push(...(await listNestedRepository(git, options, full, depth + 1, skipped)));
    else skipped.push({ path: full.slice(0, -1), reason: "nested git repositories deeper than 8 levels" });
  }
  return files;
}

/**
 * Lists the files inside untracked folders (status names a new folder, not its files). A folder holding `.git` is
 * a nested repository, listed by content; the others are listed by `ls-files`, which may name nested repositories
 * deeper down.
 */
async function expandDirectories(
  git: GitRunner,
  options: CaptureOptions,
  directories: readonly string[],
  skipped: SkippedPath[],
): Promise<string[]> {
  const files: string[] = [];
  const plain: string[] = [];
  for (const directory of directories) {
    let isRepository = false;
    try {
      lstatSync(path.join(options.workspace, directory, ".git"));
      isRepository = true;
    } catch {
      // an ordinary new folder
    }
    if (isRepository) files.push(...(await listNestedRepository(git, options, directory, 1, skipped)));
    else plain.push(directory);
  }
  if (plain.length === 0) return files;
  const pathspecs = plain.length <= MAX_PATHSPECS ? ["--", ...plain] : [];
  const listing = await git.run(
    ["--literal-pathspecs", "ls-files", "-z", "-o", "--exclude-standard", ...pathspecs],
    {
      location: options.indexFile ? { indexFile: options.indexFile } : {},
      signal: options.signal,
    },
  );
  for (const entry of splitNul(listing.stdout)) {
    if (entry.endsWith("/")) files.push(...(await listNestedRepository(git, options, entry, 1, skipped)));
    else files.push(entry);
  }
  return files;
}

async function updateIndex(
  git: GitRunner,
  paths: string[],
  symlinks: ReadonlySet<string>,
  options: CaptureOptions,
): Promise<void> {
  if (paths.length >= BULK_THRESHOLD) {
    const files = paths.map((file) => ({ path: file, symlink: symlinks.has(file) }));
    await importBlobs(git, options.workspace, files, options.signal);
  }
  await git.run(["update-index", "--add", "--remove", "--replace", "-z", "--stdin"], {
    input: `${paths.join("\0")}\0`,
    location: options.indexFile ? { indexFile: options.indexFile } : {},
    signal: options.signal,
  });
}

/** The `git status` call that both finds changes and keeps git's caches warm. */
export const STATUS_ARGS = [
  "status",
  "--porcelain=v1",
  "-z",
  "--untracked-files=normal",
  "--ignore-submodules=all",
  "--no-renames",
] as const;

/**
 * Brings the shadow index up to date with the workspace and writes its tree. The cost is one stat pass over the
 * indexed files plus a scan for new ones (both inside git, with its stat cache and untracked cache), then hashing
 * only what changed; the index keeps the stat data for the next time.
 */
export async function captureWorkspace(git: GitRunner, options: CaptureOptions): Promise<CaptureResult> {
  const location = options.indexFile ? { indexFile: options.indexFile } : {};
  // `git status` does the stat pass in parallel (core.preloadIndex), lists new files through the untracked cache
  // (which only status uses, and only with --untracked-files=normal), and writes refreshed stat data back to the
  // index, so a file that was merely touched is hashed once, not at every snapshot. HEAD is kept at the latest
  // checkpoint, so its comparison with the index is nearly free.
  const listing = await git.run(STATUS_ARGS, { location, signal: options.signal });
  const tracked = new Set<string>();
  const untracked = new Set<string>();
  const untrackedDirectories: string[] = [];
  for (const record of splitNul(listing.stdout)) {
    const file = record.slice(3);
    if (record.startsWith("??")) {
      if (file.endsWith("/")) untrackedDirectories.push(file);
      else untracked.add(file);
    } else if (record[1] !== " ") {
      tracked.add(file); // changed in the work tree: modified, deleted or type-changed
    }
  }
  // A tracked file replaced by a folder: status reports the file, not the folder's new content.
  for (const file of tracked) {
    try {
      if (lstatSync(path.join(options.workspace, file)).isDirectory()) untrackedDirectories.push(`${file}/`);
    } catch {
      // deleted
    }
  }
  const skipped: SkippedPath[] = [];
  for (const file of await expandDirectories(git, options, untrackedDirectories, skipped))
    untracked.add(file);

  const update: string[] = [];
  const symlinks = new Set<string>();
  const forceRemove: string[] = [];
  // Git keeps tracking an indexed file after a rule starts ignoring it; checkpoints follow the rules instead.
  // Rules change through a .gitignore (which then shows up as changed or new) or our exclude file.
  const isRuleFile = (file: string) => file === ".gitignore" || file.endsWith("/.gitignore");
  if (options.rulesChanged || [...tracked].some(isRuleFile) || [...untracked].some(isRuleFile)) {
    const ignored = await git.run(["ls-files", "-z", "--cached", "--ignored", "--exclude-standard"], {
      location,
      signal: options.signal,
    });
    for (const file of splitNul(ignored.stdout)) {
      forceRemove.push(file);
      tracked.delete(file);
    }
  }
  const ancestors = new AncestorCheck(options.workspace);
  const consider = (file: string, isTracked: boolean): void => {
    if (ancestors.blocked(file)) {
      if (isTracked) forceRemove.push(file);
      return;
    }
    let stats: ReturnType<typeof lstatSync> | undefined;
    try {
      stats = lstatSync(path.join(options.workspace, file));
    } catch {
      if (isTracked) update.push(file); // gone: --remove drops it
      return;
    }
    if (stats.isSymbolicLink()) {
      update.push(file);
      symlinks.add(file);
    } else if (stats.isFile()) {
      if (stats.size > options.maxFileBytes) {
        skipped.push({ path: file, reason: `larger than ${options.maxFileBytes} bytes (${stats.size})` });
        if (isTracked) forceRemove.push(file);
      } else {
        update.push(file);
      }
    } else if (isTracked) {
      // Now a directory (its files arrive as untracked paths) or a device, fifo or socket.
      forceRemove.push(file);
      if (!stats.isDirectory()) skipped.push({ path: file, reason: "not a regular file or symlink" });
    }
  };
  for (const file of tracked) consider(file, true);
  for (const file of untracked) consider(file, false);

  if (forceRemove.length > 0) {
    await git.run(["update-index", "--force-remove", "-z", "--stdin"], {
      input: `${forceRemove.join("\0")}\0`,
      location,
      signal: options.signal,
    });
  }
  let changedFiles = forceRemove.length;
  if (update.length > 0) {
    try {
      await updateIndex(git, update, symlinks, options);
    } catch (error) {
      if (!(error instanceof CheckpointGitError)) throw error;
      // Usually a file we may not read; find those, record them as skipped, and try once more without them.
      const readable: string[] = [];
      for (const file of update) {
        try {
          await access(path.join(options.workspace, file), constants.R_OK);
          readable.push(file);
        } catch (accessError) {
          if ((accessError as NodeJS.ErrnoException).code === "ENOENT") readable.push(file);
          else skipped.push({ path: file, reason: "unreadable" });
        }
      }
      if (readable.length === update.length) throw error;
      update.length = 0;
      update.push(...readable);
      if (update.length > 0) await updateIndex(git, update, symlinks, options);
    }
    changedFiles += update.length;
  }
  const tree = await git.text(["write-tree"], { location, signal: options.signal });
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { tree, skipped, changedFiles, bulk: update.length >= BULK_THRESHOLD };
}
