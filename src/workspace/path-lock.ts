import { realpathSync } from "node:fs";
import path from "node:path";

/** The tail of each held path's queue: the promise the next holder waits for. */
const tails = new Map<string, Promise<void>>();

/**
 * The key a file is locked by: its real path, so `a.txt`, `./a.txt` and a link to it are one lock. A file that does
 * not exist yet is keyed by its nearest existing ancestor's real path plus the rest of the name.
 */
export function lockKey(cwd: string, file: string): string {
  let missing = "";
  let current = path.resolve(cwd, file);
  for (;;) {
    try {
      return path.join(realpathSync(current), missing);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.join(current, missing);
      missing = path.join(path.basename(current), missing);
      current = parent;
    }
  }
}

/**
 * Runs `work` holding the locks of `files` (paths relative to `cwd`, or absolute) in this process: whoever else
 * asks for one of them waits until `work` settles. Concurrent sub-agents share their parent's process and workspace,
 * so holding a file's lock across the read and the write of one tool call means two edits of it never interleave
 * (each sees the other's result). Every lock is queued for at once, so two holders of overlapping sets cannot
 * deadlock. Shell commands do not take them: what a command writes cannot be known before it runs.
 *
 * ```ts
 * await withFileLocks(cwd, ["src/a.ts"], async () => {
 *   const text = await readFile(path.join(cwd, "src/a.ts"), "utf8");
 *   await writeFile(path.join(cwd, "src/a.ts"), edit(text));
 * });
 * ```
 */
export async function withFileLocks<T>(
  cwd: string,
  files: readonly string[],
  work: () => Promise<T>,
): Promise<T> {
  const keys = [...new Set(files.map((file) => lockKey(cwd, file)))].sort();
  // Every place is taken in the queues at once (synchronously), so holders are served in arrival order and two of
  // them can never each hold a part of what the other waits for.
  const held = keys.map(enqueue);
  try {
    await Promise.all(held.map((place) => place.turn));
    return await work();
  } finally {
    for (const place of held) place.release();
  }
}

/** Takes the next place in `key`'s queue: `turn` resolves when the holders before it are done. */
function enqueue(key: string): { turn: Promise<void>; release: () => void } {
  const before = tails.get(key) ?? Promise.resolve();
  let release!: () => void;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  const tail = before.then(() => held);
  tails.set(key, tail);
  return {
    turn: before,
    release: () => {
      release();
      // The last holder leaves nothing behind, so the map only holds paths in use.
      if (tails.get(key) === tail) tails.delete(key);
    },
  };
}
