import os from "node:os";
import path from "node:path";

/** The data directory: `explicit`, else `$ART_HOME` of `env`, else `~/.art`. */
export function resolveArtHome(env: NodeJS.ProcessEnv = process.env, explicit?: string): string {
  return path.resolve(explicit ?? env.ART_HOME ?? path.join(os.homedir(), ".art"));
}
