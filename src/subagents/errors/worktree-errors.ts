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

/**
 * After a crash in the middle of bringing an isolated child's changes back, some files of the parent's workspace
 * hold neither what they held before nor what the patch made of them (someone changed them since). Nothing more
 * was written; `files` names them and `patch` holds the child's changes.
 */
export class BringBackConflictError extends ArtError {
  constructor(
    agent: string,
    readonly files: readonly string[],
    readonly patch: string,
  ) {
    super(
      "agent.bring_back_conflict",
      `The changes of sub-agent "${agent}" were being applied when the process stopped, and ${files.join(", ")} ` +
        "changed since; those files were left as they are.\n" +
        `Its changes:\n${patch}`,
      { hint: "Re-read those files, then apply what still makes sense with apply_patch." },
    );
  }
}
