import { ArtError } from "../../core/index.js";

/** `isolation: worktree` needs the parent's workspace to be inside a git repository with a commit. */
export class WorktreeUnavailableError extends ArtError {
  constructor(cwd: string, why: string) {
    super("agent.worktree_unavailable", `Cannot give the sub-agent its own git worktree of ${cwd}: ${why}.`, {
      hint: 'Run it without isolation ("isolation": "none"), or in a git repository with at least one commit.',
    });
  }
}

/**
 * The changes an isolated sub-agent made do not apply to the parent's workspace (it changed the same lines since).
 * Nothing was applied; `patch` holds the conflicting changes for the model to apply by hand.
 */
export class WorktreeConflictError extends ArtError {
  constructor(
    agent: string,
    readonly patch: string,
    problem: string,
  ) {
    super(
      "agent.worktree_conflict",
      `The changes of sub-agent "${agent}" conflict with the workspace; nothing was applied. ${problem}\n` +
        `Its changes:\n${patch}`,
      { hint: "Re-read the files, then apply what still makes sense with apply_patch." },
    );
  }
}
