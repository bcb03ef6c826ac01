import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A temp folder holding a workspace and an ART_HOME, removed by `cleanup`. */
export interface Fixture {
  root: string;
  workspace: string;
  artHome: string;
  write(relative: string, content: string | Buffer): void;
  read(relative: string): string;
  cleanup(): void;
}

export function makeFixture(): Fixture {
  const root = mkdtempSync(path.join(tmpdir(), "art-checkpoint-"));
  const workspace = path.join(root, "ws");
  const artHome = path.join(root, "art-home");
  mkdirSync(workspace);
  return {
    root,
    workspace,
    artHome,
    write(relative, content) {
      const full = path.join(workspace, relative);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    read(relative) {
      return readFileSync(path.join(workspace, relative), "utf8");
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Runs the user's git (isolated from this machine's config) in `cwd`, as a user would. */
export function userGit(cwd: string, ...args: string[]): string {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("GIT_")) env[key] = value;
  return execFileSync("git", args, {
    cwd,
    env: {
      ...env,
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_AUTHOR_NAME: "User",
      GIT_AUTHOR_EMAIL: "user@example.com",
      GIT_COMMITTER_NAME: "User",
      GIT_COMMITTER_EMAIL: "user@example.com",
    },
    encoding: "utf8",
  });
}

/**
 * A digest of everything under `directory`: names, types, modes, sizes, mtimes, contents and link targets. Two
 * equal digests mean the folder was not touched at all.
 */
export function treeDigest(directory: string): string {
  const hash = createHash("sha256");
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      const stats = lstatSync(full);
      hash.update(`${path.relative(directory, full)}\0${stats.mode}\0${stats.size}\0${stats.mtimeMs}\0`);
      if (stats.isDirectory()) walk(full);
      else if (stats.isSymbolicLink()) hash.update(readlinkSync(full));
      else hash.update(readFileSync(full));
    }
  };
  walk(directory);
  return hash.digest("hex");
}

/** Every captured-looking file of a workspace as `path → content|link:target|mode` (skips `.git` folders). */
export function workspaceState(directory: string, skip: readonly string[] = []): Record<string, string> {
  const state: Record<string, string> = {};
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const full = path.join(current, name);
      const relative = path.relative(directory, full).split(path.sep).join("/");
      if (name === ".git" || skip.includes(relative)) continue;
      const stats = lstatSync(full);
      if (stats.isDirectory()) walk(full);
      else if (stats.isSymbolicLink()) state[relative] = `link:${readlinkSync(full)}`;
      else
        state[relative] =
          `${(stats.mode & 0o111) !== 0 ? "x" : "-"}:${readFileSync(full).toString("base64")}`;
    }
  };
  walk(directory);
  return state;
}
