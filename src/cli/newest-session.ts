import { realpathSync } from "node:fs";
import path from "node:path";
import { SessionNotFoundError } from "../orchestrator/index.js";
import type { Runtime } from "../runtime/index.js";
import type { SessionSummary } from "../store/index.js";

/** The flags that pick "the newest session" for a command. */
export const NEWEST_SESSION_FLAGS = {
  last: { type: "boolean" },
  "any-workspace": { type: "boolean" },
} as const;

/** Help lines for {@link NEWEST_SESSION_FLAGS}. */
export const NEWEST_SESSION_HELP = `      --last              The newest session of the current workspace (this directory or one above it)
      --any-workspace     With --last: the newest session anywhere
`;

function real(directory: string): string {
  try {
    return realpathSync(directory);
  } catch {
    return path.resolve(directory);
  }
}

/** Whether `workspace` is `directory` or one of its parents. */
function contains(workspace: string, directory: string): boolean {
  const relative = path.relative(workspace, directory);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

/** The newest session that ran in exactly `cwd`. */
export async function lastSessionIn(runtime: Runtime, cwd: string): Promise<string> {
  const [last] = await runtime.sessions({ limit: 1, cwd });
  if (!last) throw new SessionNotFoundError(`in ${cwd}`);
  return last.id;
}

/**
 * The newest session of the workspace `directory` is in: a session whose workspace is that directory or one of its
 * parents, the innermost first when several are (so a subproject's session wins in the subproject). With
 * `anyWorkspace`, the newest session anywhere (the old meaning of `--last`). With `withTurns`, sessions that have
 * not run a turn (fresh forks) are passed over.
 */
export async function newestSession(
  runtime: Runtime,
  directory: string,
  options: { anyWorkspace?: boolean; withTurns?: boolean } = {},
): Promise<SessionSummary> {
  const here = real(directory);
  const candidates = (await runtime.sessions({ limit: 100_000 })).filter(
    (session) => !options.withTurns || session.turns > 0,
  );
  if (options.anyWorkspace) {
    const [newest] = candidates;
    if (!newest) throw new SessionNotFoundError(options.withTurns ? "with a turn yet" : "yet");
    return newest;
  }
  const resolved = new Map<string, string>();
  let best: { session: SessionSummary; depth: number } | undefined;
  for (const session of candidates) {
    let workspace = resolved.get(session.cwd);
    if (workspace === undefined) {
      workspace = real(session.cwd);
      resolved.set(session.cwd, workspace);
    }
    if (!contains(workspace, here)) continue;
    const depth = workspace.split(path.sep).length;
    // Newest first: a later candidate replaces the best only when it is deeper (closer to `directory`).
    if (!best || depth > best.depth) best = { session, depth };
  }
  if (!best) throw new SessionNotFoundError(`in ${here} or a directory above it`);
  return best.session;
}

/**
 * The workspaces sessions ran in that hold `directory` (it or a parent), innermost first; with `anyWorkspace`, every
 * workspace the journal knows, newest session first.
 */
export async function workspacesAround(
  runtime: Runtime,
  directory: string,
  anyWorkspace = false,
): Promise<string[]> {
  const here = real(directory);
  const seen = new Set<string>();
  for (const session of await runtime.sessions({ limit: 100_000 })) seen.add(session.cwd);
  const all = [...seen];
  if (anyWorkspace) return all;
  return all
    .filter((workspace) => contains(real(workspace), here))
    .sort((a, b) => real(b).split(path.sep).length - real(a).split(path.sep).length);
}
