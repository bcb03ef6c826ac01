import { readFile } from "node:fs/promises";
import path from "node:path";
import { isWithin } from "../workspace/index.js";

/**
 * Paths never captured unless the caller passes its own list: dependency folders, build outputs, caches and
 * virtual environments. gitignore syntax; a trailing `/` matches directories only, and an unanchored name matches
 * at any depth.
 */
export const DEFAULT_EXCLUDES: readonly string[] = Object.freeze([
  // dependencies
  "node_modules/",
  "bower_components/",
  "jspm_packages/",
  ".pnpm-store/",
  ".yarn/cache/",
  ".yarn/unplugged/",
  // build outputs
  "dist/",
  "build/",
  "target/",
  ".next/",
  ".nuxt/",
  ".svelte-kit/",
  ".output/",
  ".turbo/",
  ".parcel-cache/",
  ".angular/",
  ".expo/",
  ".dart_tool/",
  ".stack-work/",
  "zig-cache/",
  "zig-out/",
  "*.egg-info/",
  // caches
  ".cache/",
  ".gradle/",
  "__pycache__/",
  "*.pyc",
  ".pytest_cache/",
  ".mypy_cache/",
  ".ruff_cache/",
  ".tox/",
  ".nox/",
  "coverage/",
  ".nyc_output/",
  ".terraform/",
  ".DS_Store",
  // virtual environments
  ".venv/",
  "venv/",
]);

/**
 * Finds the user's `info/exclude` for a workspace whose root holds a `.git` folder or a `.git` file (worktrees and
 * submodules point elsewhere with `gitdir:`). Read-only; returns null when there is none.
 */
export async function userInfoExcludePath(workspace: string): Promise<string | null> {
  const dotGit = path.join(workspace, ".git");
  let gitDir = dotGit;
  try {
    const text = await readFile(dotGit, "utf8");
    const match = /^gitdir:\s*(.+)$/m.exec(text);
    if (!match?.[1]) return null;
    gitDir = path.resolve(workspace, match[1].trim());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    if (code !== "EISDIR") return null;
  }
  try {
    const common = (await readFile(path.join(gitDir, "commondir"), "utf8")).trim();
    if (common) gitDir = path.resolve(gitDir, common);
  } catch {
    // not a linked worktree
  }
  return path.join(gitDir, "info", "exclude");
}

/** Escapes a literal path for a gitignore pattern. */
function literalPattern(relative: string): string {
  return relative.replace(/[\\*?[\]!#]/g, (character) => `\\${character}`);
}

/**
 * The shadow repository's `info/exclude`: the exclude list, then the user's own `info/exclude` (so what they keep
 * out of their repository stays out of checkpoints), then the checkpoint store itself when it lies inside the
 * workspace. Living in `info/exclude` rather than on the command line keeps git's untracked cache usable.
 */
export async function buildExcludeFile(options: {
  workspace: string;
  excludes: readonly string[];
  storeDirectory: string;
}): Promise<string> {
  const lines = ["# Written by agent-runtime checkpoints; rewritten on every snapshot.", ...options.excludes];
  const userFile = await userInfoExcludePath(options.workspace);
  if (userFile) {
    try {
      const text = await readFile(userFile, "utf8");
      lines.push("# from the workspace's .git/info/exclude", ...text.split(/\r?\n/));
    } catch {
      // no info/exclude
    }
  }
  if (isWithin(options.workspace, options.storeDirectory) && options.storeDirectory !== options.workspace) {
    const relative = path.relative(options.workspace, options.storeDirectory).split(path.sep).join("/");
    lines.push("# the checkpoint store itself", `/${literalPattern(relative)}/`);
  }
  return `${lines.join("\n")}\n`;
}
