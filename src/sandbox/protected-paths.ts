import path from "node:path";
import { PROTECTED_IN_ROOTS, SHELL_RC_FILES } from "./sandbox-policy.js";

/**
 * Settings of other coding agents and hook managers inside a project: writing there changes what runs later.
 * The sandbox does not mount them read-only (commands may legitimately edit them); file tools and the exec
 * policy treat them as protected, so writing there needs the user.
 */
export const AGENT_SETTINGS_IN_ROOTS = [".codex", ".claude", ".husky"] as const;

/** Files in the home directory that run code or redirect git for the user later, besides the shell rc files. */
export const PROTECTED_IN_HOME = [...SHELL_RC_FILES, ".gitconfig", ".config/git"] as const;

/** Where the protected list applies. */
export interface ProtectedScope {
  /** Writable roots (the workspace first); the per-root list applies below each. */
  roots: readonly string[];
  /** The user's home directory; its rc files and git config are protected. */
  home: string | undefined;
}

function within(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith("/") ? parent : `${parent}/`);
}

/**
 * Why writing `absolute` (absolute, normalised, symlinks already resolved) would let it run code or change
 * configuration outside the sandbox later, or undefined when it is an ordinary file. The one list behind the
 * sandbox's read-only paths ({@link PROTECTED_IN_ROOTS}), the exec policy's protected paths and the file tools:
 * anything inside a `.git` directory anywhere (git metadata; commands reach what `git commit` needs through
 * git itself), the per-root list, other agents' settings, and the home directory's rc files and git config.
 */
export function protectedPathReason(absolute: string, scope: ProtectedScope): string | undefined {
  const parts = absolute.split("/");
  if (parts.includes(".git")) return "it is git metadata (inside a .git directory)";
  for (const root of scope.roots) {
    if (!within(root, absolute)) continue;
    for (const name of [...PROTECTED_IN_ROOTS, ...AGENT_SETTINGS_IN_ROOTS]) {
      if (within(path.join(root, name), absolute))
        return `${name} controls what runs later or how git behaves`;
    }
  }
  if (scope.home) {
    for (const name of PROTECTED_IN_HOME) {
      if (within(path.join(scope.home, name), absolute))
        return `~/${name} runs code in the user's next shell or git command`;
    }
  }
  return undefined;
}
