import { type FSWatcher, watch } from "node:fs";
import path from "node:path";
import { resolveArtHome } from "../../core/index.js";
import type { IndexStats, WorkspaceIndex } from "../../workspace-index/index.js";
import type { CliIO, CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art index [DIR] [--watch] [--json]

Builds or updates the search index of the workspace DIR (default: the current directory) for "art search" and the
agent's search_code tool: code is chunked along its functions, classes and methods (TypeScript, JavaScript,
Python, Go, Rust, Java; other text files by line windows) and searchable by words and by meaning (an offline
embedding model). Honours .gitignore and the checkpoint exclude list; skips binary files and files over 1 MiB.
Only new and changed files are read again (git's blob ids tell which). Interrupted, it goes on where it stopped.

--watch   keep running: re-index when files change (after a quiet moment), until interrupted.
--json    print the statistics of each run as one JSON object.

The index lives in $ART_HOME/memory/workspaces/<id>/, the id derived from the workspace's real path.
`;

/** Quiet time after the last change before a watch re-index starts. */
const DEBOUNCE_MS = 300;

function report(io: CliIO, index: WorkspaceIndex, stats: IndexStats, json: boolean): void {
  if (json) {
    io.stdout.write(`${JSON.stringify({ root: index.root, chunks: index.chunkCount(), ...stats })}\n`);
    return;
  }
  io.stdout.write(
    `Indexed ${index.root}: ${stats.files} files, ${stats.indexed} read, ${stats.removed} removed, ` +
      `${index.chunkCount()} chunks in ${(stats.ms / 1000).toFixed(1)}s (embedding ${(stats.embedMs / 1000).toFixed(1)}s).\n`,
  );
}

/** `art index`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, { watch: { type: "boolean" }, json: { type: "boolean" } }, HELP, io);
  if (!parsed) return 0;
  if (parsed.positionals.length > 1) throw new UsageError("Give at most one directory to index.", "index");
  const dir = path.resolve(io.cwd, parsed.positionals[0] ?? ".");
  const json = Boolean(parsed.values.json);
  const { WorkspaceIndex } = await import("../../workspace-index/index.js");
  const index = await WorkspaceIndex.open(dir, { artHome: resolveArtHome(io.env) });
  try {
    report(io, index, await index.update(), json);
    if (!parsed.values.watch) return 0;
    await watchAndIndex(io, index, json);
    return 0;
  } finally {
    index.close();
  }
};

/** Re-indexes after changes until SIGINT/SIGTERM; runs never overlap, and a change during a run triggers another. */
async function watchAndIndex(io: CliIO, index: WorkspaceIndex, json: boolean): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let watcher: FSWatcher | undefined;
  const run = () => {
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          const stats = await index.update();
          if (stats.indexed > 0 || stats.removed > 0) report(io, index, stats, json);
        } catch (error) {
          io.stderr.write(`art index: re-index failed: ${(error as Error).message}\n`);
        }
      } while (again);
      running = undefined;
    })();
  };
  await new Promise<void>((resolve) => {
    watcher = watch(index.root, { recursive: true }, (_event, name) => {
      // git's own bookkeeping changes on every status; a change to .git/HEAD or the index follows file changes.
      const file = name ? String(name) : "";
      if (file === ".git" || file.startsWith(`.git${path.sep}`)) return;
      clearTimeout(timer);
      timer = setTimeout(run, DEBOUNCE_MS);
    });
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    io.stdoutClosed?.addEventListener("abort", stop, { once: true });
    io.stderr.write(`Watching ${index.root} for changes (Ctrl-C to stop).\n`);
  });
  watcher?.close();
  clearTimeout(timer);
  await running;
}
