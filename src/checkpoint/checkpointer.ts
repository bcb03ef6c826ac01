import { createHash } from "node:crypto";
import { copyFile, mkdir, readFile, stat, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { InvalidInputError, resolveArtHome } from "../core/index.js";
import { acquireLock, type HeldLock } from "../lock/index.js";
import { type CaptureResult, captureWorkspace, type SkippedPath, STATUS_ARGS } from "./capture.js";
import {
  type CheckpointInfo,
  type CheckpointPhase,
  checkPhase,
  checkpointRef,
  checkSessionId,
  checkTurn,
  formatMessage,
  isObjectId,
  parseRecord,
  REF_PREFIX,
} from "./checkpoint-record.js";
import { type FileChange, patchText, rawTreeDiff } from "./diff.js";
import { CheckpointGitError } from "./errors/checkpoint-git-error.js";
import { CheckpointLockTimeoutError } from "./errors/checkpoint-lock-timeout-error.js";
import { CheckpointNotFoundError } from "./errors/checkpoint-not-found-error.js";
import { buildExcludeFile, DEFAULT_EXCLUDES } from "./excludes.js";
import { findCheckpoint } from "./find-checkpoint.js";
import { GitRunner } from "./git.js";
import { restoreTree } from "./restore.js";
import { beforeRestoreLabel } from "./restore-label.js";
import {
  collectGarbage,
  deleteRefs,
  directorySize,
  expiredSessions,
  lastMaintenance,
  type PruneResult,
  recordMaintenance,
} from "./retention.js";
import {
  checkStoreMeta,
  ensureShadowRepo,
  type StoreLayout,
  storeLayout,
  sweepGitLocks,
  syncExcludeFile,
} from "./shadow-repo.js";
import { realWorkspace, workspaceId } from "./workspace-id.js";

/** Options for {@link Checkpointer.open}. */
export interface CheckpointerOptions {
  /** The folder to snapshot. Symlinks are resolved; every spelling of one folder shares one store. */
  workspace: string;
  /** Default `$ART_HOME`, else `~/.art`. Checkpoints live in `<artHome>/checkpoints/<workspace-id>/`. */
  artHome?: string;
  /** gitignore-style patterns never captured; replaces {@link DEFAULT_EXCLUDES} (spread it to extend). */
  excludes?: readonly string[];
  /** Files larger than this are skipped and reported. Default 10 MiB. */
  maxFileBytes?: number;
  /** Sessions whose newest checkpoint is older than this are removed by `maintain()`. Default 30. */
  retentionDays?: number;
  /** How long to wait for another session's snapshot. Default 60 s. */
  lockTimeoutMs?: number;
  /** Upper bound for one `git gc`. Default 5 min. */
  gcTimeoutMs?: number;
}

/** Options for {@link Checkpointer.snapshot}. */
export interface SnapshotOptions {
  /** Session the checkpoint belongs to (letters, digits, `-`, `_`). */
  sessionId: string;
  /** Turn number (0 or more). */
  turn: number;
  phase: CheckpointPhase;
  /** Free text stored with the checkpoint. */
  label?: string;
  signal?: AbortSignal;
}

/** What {@link Checkpointer.snapshot} recorded. */
export interface SnapshotResult {
  /** The commit id of the checkpoint. */
  checkpointId: string;
  /** The ref that keeps it, `refs/art/sessions/<session>/<turn>-<phase>[.<n>]`. */
  ref: string;
  /** The tree id of the captured workspace (equal trees mean equal captured content). */
  tree: string;
  /** Paths left out, and why (over the size cap, unreadable, special files). */
  skipped: SkippedPath[];
  /** Paths whose captured state changed since the workspace's previous snapshot or restore. */
  changedFiles: number;
  /** ISO-8601 time of the snapshot. */
  createdAt: string;
}

/** Options for {@link Checkpointer.restore}. */
export interface RestoreOptions {
  /** Session that records the `before-restore` checkpoint. */
  sessionId: string;
  /** Turn for the `before-restore` checkpoint; default the session's highest turn so far (0 when none). */
  turn?: number;
  signal?: AbortSignal;
}

/** What {@link Checkpointer.restore} did. */
export interface RestoreResult {
  /** The checkpoint the working tree now matches (apart from `kept`). */
  restoredTo: string;
  /** The checkpoint of the state just before; restore it to undo this restore. */
  beforeRestore: SnapshotResult;
  /** Paths written or removed. */
  files: FileChange[];
  /** Paths left alone because something the checkpoints do not capture is in the way. */
  kept: SkippedPath[];
}

/** Options for {@link Checkpointer.diff}. */
export interface DiffOptions {
  /** Cut the patch text here (a marker notes the cut). Default 4 MiB. */
  maxPatchBytes?: number;
  signal?: AbortSignal;
}

/** The difference between two checkpoints, or a checkpoint and the working tree. */
export interface CheckpointDiff {
  from: string;
  /** The second checkpoint id, or null for the working tree. */
  to: string | null;
  files: FileChange[];
  /** Unified diff (binary files are named, not shown). */
  patch: string;
  /** True when `patch` was cut at `maxPatchBytes`. */
  truncated: boolean;
}

const MIB = 1024 * 1024;

/**
 * Copies an index keeping its mtime: git treats entries modified in the same clock tick as the index file as
 * "racy" and compares their content; a copy with a fresh mtime would hide a same-size edit made in that tick.
 */
async function copyIndex(source: string, target: string): Promise<void> {
  try {
    await copyFile(source, target);
    const stats = await stat(source);
    await utimes(target, stats.atime, stats.mtime);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
const DAY = 24 * 60 * 60 * 1000;

/**
 * Snapshots one workspace into a shadow git repository under `$ART_HOME/checkpoints/<workspace-id>/`, and lists,
 * diffs and restores those snapshots. Several sessions, in one process or several, may share a workspace: every
 * operation that touches the shadow repository holds the workspace's lock. Nothing is ever written to the user's
 * own `.git`.
 */
export class Checkpointer {
  /** The workspace's real path. */
  readonly workspace: string;
  /** Stable hash of the real path; names the store folder. */
  readonly workspaceId: string;
  /** `$ART_HOME/checkpoints/<workspace-id>` */
  readonly directory: string;
  private readonly layout: StoreLayout;
  private readonly git: GitRunner;
  private readonly excludes: readonly string[];
  private readonly maxFileBytes: number;
  private readonly retentionDays: number;
  private readonly lockTimeoutMs: number;
  private readonly gcTimeoutMs: number;
  private readonly artHome: string;

  private constructor(options: CheckpointerOptions, workspace: string, artHome: string) {
    this.workspace = workspace;
    this.artHome = artHome;
    this.workspaceId = workspaceId(workspace);
    this.directory = path.join(artHome, "checkpoints", this.workspaceId);
    this.layout = storeLayout(this.directory);
    this.git = new GitRunner({
      gitDir: this.layout.gitDir,
      workTree: workspace,
      indexFile: this.layout.indexFile,
    });
    this.excludes = options.excludes ?? DEFAULT_EXCLUDES;
    this.maxFileBytes = options.maxFileBytes ?? 10 * MIB;
    this.retentionDays = options.retentionDays ?? 30;
    this.lockTimeoutMs = options.lockTimeoutMs ?? 60_000;
    this.gcTimeoutMs = options.gcTimeoutMs ?? 5 * 60_000;
  }

  /** Opens (creating when needed) the checkpoint store of a workspace. */
  static async open(options: CheckpointerOptions): Promise<Checkpointer> {
    const workspace = realWorkspace(options.workspace);
    if (options.maxFileBytes !== undefined && !(options.maxFileBytes >= 0)) {
      throw new InvalidInputError(`maxFileBytes must be 0 or more, not ${options.maxFileBytes}.`);
    }
    const checkpointer = new Checkpointer(options, workspace, resolveArtHome(process.env, options.artHome));
    await mkdir(checkpointer.directory, { recursive: true });
    await checkpointer.locked(undefined, async () => {
      await checkStoreMeta(checkpointer.layout, workspace);
      await ensureShadowRepo(checkpointer.layout, workspace);
    });
    return checkpointer;
  }

  /**
   * Captures the workspace as a checkpoint: every file its `.gitignore` files (and `.git/info/exclude`) do not
   * ignore, minus the exclude list and files over the size cap, nested repositories by content, symlinks as
   * links, the executable bit kept.
   */
  async snapshot(options: SnapshotOptions): Promise<SnapshotResult> {
    checkSessionId(options.sessionId);
    checkTurn(options.turn);
    checkPhase(options.phase);
    return this.locked(options.signal, () => this.snapshotLocked(options));
  }

  /** Checkpoints of one session, or of all sessions, oldest first. */
  async list(sessionId?: string): Promise<CheckpointInfo[]> {
    const prefix = sessionId === undefined ? REF_PREFIX : `${REF_PREFIX}${checkSessionId(sessionId)}/`;
    const result = await this.git.run(
      ["for-each-ref", "--format=%(refname)%00%(objectname)%00%(contents)%00", prefix],
      { noWorkTree: true },
    );
    const fields = result.stdout.toString("utf8").split("\0");
    const checkpoints: CheckpointInfo[] = [];
    for (let index = 0; index + 2 < fields.length; index += 3) {
      const ref = fields[index]!.replace(/^\n/, "");
      const info = parseRecord(ref, fields[index + 1]!, fields[index + 2]!);
      if (info) checkpoints.push(info);
    }
    const phaseOrder = { "turn-start": 0, "before-restore": 1, "turn-end": 2 } as const;
    return checkpoints.sort(
      (a, b) =>
        a.createdAt.localeCompare(b.createdAt) ||
        a.turn - b.turn ||
        phaseOrder[a.phase] - phaseOrder[b.phase],
    );
  }

  /**
   * The checkpoint the shadow index last matched: the newest snapshot, or the target of the last restore that
   * finished (a restore moves it last, so one cut short leaves it on its `before-restore` snapshot).
   */
  async head(): Promise<string | undefined> {
    const result = await this.git.run(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], {
      noWorkTree: true,
      okCodes: [0, 1, 128],
    });
    const id = result.stdout.toString("utf8").trim();
    return result.exitCode === 0 && id ? id : undefined;
  }

  /** The checkpoint (of any session of this workspace) whose id is `idOrPrefix` or starts with it. */
  async find(idOrPrefix: string): Promise<CheckpointInfo> {
    return findCheckpoint(await this.list(), idOrPrefix);
  }

  /**
   * The difference from one checkpoint to another, or to the working tree (as the checkpoints would capture it,
   * so ignored and excluded paths never show) when `toId` is omitted.
   */
  async diff(fromId: string, toId?: string, options: DiffOptions = {}): Promise<CheckpointDiff> {
    const maxPatchBytes = options.maxPatchBytes ?? 4 * MIB;
    const fromTree = await this.treeOf(fromId);
    let toTree: string;
    if (toId !== undefined) {
      toTree = await this.treeOf(toId);
    } else {
      // Capture into a copy of the index, so a diff does not count as a snapshot's baseline.
      toTree = await this.locked(options.signal, async () => {
        const copy = path.join(this.layout.gitDir, `art-tmp-${process.pid}-${Date.now()}.index`);
        await copyIndex(this.layout.indexFile, copy);
        try {
          return (await this.capture(options.signal, copy)).tree;
        } finally {
          await unlink(copy).catch(() => {});
        }
      });
    }
    const files = await rawTreeDiff(this.git, fromTree, toTree, options.signal);
    const { patch, truncated } = await patchText(this.git, fromTree, toTree, maxPatchBytes, options.signal);
    return {
      from: fromId,
      to: toId ?? null,
      files: files.map(({ path: file, status, oldMode, newMode }) => ({
        path: file,
        status,
        oldMode,
        newMode,
      })),
      patch: truncated ? `${patch}\n[diff truncated at ${maxPatchBytes} bytes]\n` : patch,
      truncated,
    };
  }

  /**
   * Puts the workspace's captured files back as they were at `checkpointId`. The current state is snapshotted
   * first (phase `before-restore`), so the restore itself can be undone. Only captured paths change: files created
   * since the checkpoint are removed, changed ones rewritten, deleted ones recreated, symlinks and the executable
   * bit restored; ignored, excluded and oversized paths are left alone.
   */
  async restore(checkpointId: string, options: RestoreOptions): Promise<RestoreResult> {
    checkSessionId(options.sessionId);
    const turn = options.turn ?? (await this.highestTurn(options.sessionId));
    checkTurn(turn);
    const targetTree = await this.treeOf(checkpointId);
    return this.locked(options.signal, async () => {
      const beforeRestore = await this.snapshotLocked({
        sessionId: options.sessionId,
        turn,
        phase: "before-restore",
        label: beforeRestoreLabel(checkpointId),
        signal: options.signal,
      });
      const result = await restoreTree(this.git, {
        workspace: this.workspace,
        currentTree: beforeRestore.tree,
        targetTree,
        signal: options.signal,
      });
      // The checkpoint may hold files today's rules ignore: have the next capture drop them from the index again.
      await unlink(this.rulesFile).catch(() => {});
      // HEAD follows the index (see createRef).
      await this.git.run(["update-ref", "--no-deref", "HEAD", `${checkpointId}^{commit}`], {
        noWorkTree: true,
      });
      return { restoredTo: checkpointId, beforeRestore, ...result };
    });
  }

  /**
   * Removes the checkpoints of sessions whose newest checkpoint is older than `olderThanDays` (default: the
   * retention), then runs a bounded `git gc` so their objects leave the disk.
   */
  async prune(options: { olderThanDays?: number; now?: Date } = {}): Promise<PruneResult> {
    const days = options.olderThanDays ?? this.retentionDays;
    if (!(days >= 0)) throw new InvalidInputError(`olderThanDays must be 0 or more, not ${days}.`);
    const cutoff = (options.now ?? new Date()).getTime() - days * DAY;
    return this.locked(undefined, async () => {
      const bytesBefore = await this.sizeBytes();
      const expired = expiredSessions(await this.list(), cutoff);
      const refs = [...expired.values()].flat();
      await deleteRefs(this.git, refs);
      await collectGarbage(this.git, this.gcTimeoutMs);
      const result: PruneResult = {
        sessionsRemoved: [...expired.keys()],
        checkpointsRemoved: refs.length,
        bytesBefore,
        bytesAfter: await this.sizeBytes(),
      };
      await recordMaintenance(this.layout.maintenanceFile, result);
      return result;
    });
  }

  /** Runs {@link prune} with the retention when it last ran more than a day ago; returns null otherwise. */
  async maintain(now: Date = new Date()): Promise<PruneResult | null> {
    if (now.getTime() - (await lastMaintenance(this.layout.maintenanceFile)) < DAY) return null;
    return this.prune({ now });
  }

  /** Bytes the store takes on disk (for `art doctor`). */
  sizeBytes(): Promise<number> {
    return directorySize(this.directory);
  }

  private async snapshotLocked(options: SnapshotOptions): Promise<SnapshotResult> {
    const captured = await this.capture(options.signal);
    const createdAt = new Date();
    const iso = createdAt.toISOString();
    const message = formatMessage({ ...options, createdAt: iso, ...captured });
    const seconds = Math.floor(createdAt.getTime() / 1000);
    const date = `@${seconds} +0000`;
    const checkpointId = await this.git.text(["commit-tree", captured.tree, "-F", "-"], {
      input: message,
      noWorkTree: true,
      env: { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
      signal: options.signal,
    });
    const ref = await this.createRef(options, checkpointId);
    if (captured.bulk) {
      // After a large import, build the untracked cache and settle stat data now, with HEAD matching the index,
      // rather than in the next (incremental) snapshot.
      await this.git.run(STATUS_ARGS, { signal: options.signal });
    }
    return {
      checkpointId,
      ref,
      tree: captured.tree,
      skipped: captured.skipped,
      changedFiles: captured.changedFiles,
      createdAt: iso,
    };
  }

  private async capture(signal: AbortSignal | undefined, indexFile?: string): Promise<CaptureResult> {
    const rules = await buildExcludeFile({
      workspace: this.workspace,
      excludes: this.excludes,
      storeDirectory: this.artHome,
    });
    await syncExcludeFile(this.layout, rules);
    // The rules the shadow index was last cleaned for: a diff's throw-away index copy must not mark them handled.
    const rulesHash = createHash("sha256").update(rules).digest("hex");
    const rulesFile = this.rulesFile;
    const rulesChanged = (await readFile(rulesFile, "utf8").catch(() => "")) !== rulesHash;
    const options = {
      workspace: this.workspace,
      maxFileBytes: this.maxFileBytes,
      emptyIndexFile: path.join(this.layout.gitDir, "art-tmp-empty.index"),
      rulesChanged,
      signal,
      ...(indexFile ? { indexFile } : {}),
    };
    try {
      const result = await captureWorkspace(this.git, options);
      if (rulesChanged && !indexFile) await writeFile(rulesFile, rulesHash);
      return result;
    } catch (error) {
      // A damaged index (disk full, a foreign write) costs one full re-hash, never the snapshot.
      if (
        !(error instanceof CheckpointGitError) ||
        !/index file|bad signature|bad index/i.test(error.stderr)
      ) {
        throw error;
      }
      await unlink(indexFile ?? this.layout.indexFile).catch(() => {});
      const result = await captureWorkspace(this.git, options);
      if (rulesChanged && !indexFile) await writeFile(rulesFile, rulesHash);
      return result;
    }
  }

  /**
   * Creates the checkpoint's ref, never moving an existing one (a repeated turn and phase gets `.2`, `.3`, ...),
   * and points HEAD at the checkpoint in the same transaction: HEAD then matches the index, which keeps
   * `git status` cheap at the next snapshot.
   */
  private async createRef(options: SnapshotOptions, checkpointId: string): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      const ref = checkpointRef(options.sessionId, options.turn, options.phase, attempt);
      try {
        await this.git.run(["update-ref", "--stdin"], {
          input: `create ${ref} ${checkpointId}\noption no-deref\nupdate HEAD ${checkpointId}\n`,
          noWorkTree: true,
        });
        return ref;
      } catch (error) {
        if (!(error instanceof CheckpointGitError) || attempt >= 1000) throw error;
      }
    }
  }

  /** Hash of the exclude rules the shadow index was last cleaned for. */
  private get rulesFile(): string {
    return path.join(this.layout.gitDir, "art-rules-applied");
  }

  private async highestTurn(sessionId: string): Promise<number> {
    const turns = (await this.list(sessionId)).map((checkpoint) => checkpoint.turn);
    return turns.length > 0 ? Math.max(...turns) : 0;
  }

  private async treeOf(checkpointId: string): Promise<string> {
    if (!isObjectId(checkpointId)) throw new CheckpointNotFoundError(checkpointId);
    const result = await this.git.run(
      ["rev-parse", "--verify", "--quiet", `${checkpointId}^{commit}^{tree}`],
      {
        noWorkTree: true,
        okCodes: [0, 1, 128],
      },
    );
    const tree = result.stdout.toString("utf8").trim();
    if (result.exitCode !== 0 || !tree) throw new CheckpointNotFoundError(checkpointId);
    return tree;
  }

  private async locked<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
    const lock: HeldLock = await acquireLock(this.layout.lockFile, {
      timeoutMs: this.lockTimeoutMs,
      signal,
      timeoutError: ({ file, waitedMs, holder }) => new CheckpointLockTimeoutError(file, waitedMs, holder),
    });
    try {
      await sweepGitLocks(this.layout, lock.recovered);
      return await work();
    } finally {
      await lock.release();
    }
  }
}
