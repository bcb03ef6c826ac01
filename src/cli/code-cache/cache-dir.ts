import { lstatSync, mkdirSync } from "node:fs";
import path from "node:path";

/** `ART_CODE_CACHE=0` turns the code cache off (the bundle is then compiled afresh on every run). */
export const CODE_CACHE_DISABLE_ENV = "ART_CODE_CACHE";

/**
 * The per-user directory for V8 code caches: `$XDG_CACHE_HOME/agent-runtime/code-cache`, else
 * `$HOME/.cache/agent-runtime/code-cache`. Created 0700 on first use; `undefined` (no cache) when it is turned off,
 * when neither variable names an absolute directory, or when the directory is not safe to trust: it must be a real
 * directory (not a symbolic link), ours, and readable or writable by nobody else. Compiled code read from a file
 * runs with our rights, so a file someone else could plant or change must never be loaded.
 *
 * @example
 * const dir = codeCacheDir(process.env); // "/home/me/.cache/agent-runtime/code-cache" or undefined
 */
export function codeCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  if (env[CODE_CACHE_DISABLE_ENV] === "0") return undefined;
  const base = absolute(env.XDG_CACHE_HOME) ?? joinIfAbsolute(env.HOME, ".cache");
  if (!base) return undefined;
  const dir = path.join(base, "agent-runtime", "code-cache");
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return isPrivateDirectory(dir) ? dir : undefined;
  } catch {
    return undefined; // read-only home, no space: run without the cache
  }
}

/** True when `dir` is a directory (not a link to one) owned by this process's user, with no rights for others. */
export function isPrivateDirectory(dir: string): boolean {
  const stat = lstatSync(dir);
  if (!stat.isDirectory()) return false;
  if (typeof process.getuid === "function" && stat.uid !== process.getuid()) return false;
  return (stat.mode & 0o077) === 0;
}

function absolute(value: string | undefined): string | undefined {
  return value && path.isAbsolute(value) ? value : undefined;
}

function joinIfAbsolute(value: string | undefined, child: string): string | undefined {
  const base = absolute(value);
  return base ? path.join(base, child) : undefined;
}
