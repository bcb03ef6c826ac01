import os from "node:os";
import path from "node:path";

/**
 * The data directory (journal, checkpoints, audit logs, trust decisions), absolute: `explicit` when given, else
 * `$ART_HOME` when set and not empty, else `.art` in the home directory (`$HOME` of `env`, so a command run with
 * another environment resolves the same way as the process it describes). The one place this is decided: the CLI,
 * the library, the graph's SQLite saver and the checkpointer all resolve through it, so none of them can end up
 * with a different database or an `$ART_HOME` the sandbox does not hide.
 *
 * @example
 * resolveArtHome({ ART_HOME: "/srv/art" }); // "/srv/art"
 */
export function resolveArtHome(env: NodeJS.ProcessEnv = process.env, explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  if (env.ART_HOME) return path.resolve(env.ART_HOME);
  return path.resolve(env.HOME || os.homedir(), ".art");
}
