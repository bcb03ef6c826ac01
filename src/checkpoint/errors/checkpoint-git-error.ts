import { ArtError } from "../../core/index.js";

/** A git command run on the shadow repository failed. */
export class CheckpointGitError extends ArtError {
  /** The git arguments, for diagnosis. */
  readonly args: readonly string[];
  /** The exit code, or null when git was killed by a signal. */
  readonly exitCode: number | null;
  /** What git wrote to stderr, trimmed. */
  readonly stderr: string;

  constructor(args: readonly string[], exitCode: number | null, stderr: string) {
    super(
      "checkpoint.git_failed",
      `Checkpoint git command "git ${args.slice(0, 3).join(" ")}" failed (exit ${exitCode ?? "signal"}): ${stderr.trim().split("\n").slice(-3).join(" | ") || "no output"}.`,
      {
        hint: "If the shadow repository is damaged, delete its folder under $ART_HOME/checkpoints (its checkpoints are lost; the workspace is not touched).",
      },
    );
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr.trim();
  }
}
