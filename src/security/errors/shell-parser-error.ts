import { ArtError } from "../../core/index.js";

/** The bash grammar could not be loaded, so shell commands cannot be judged. */
export class ShellParserError extends ArtError {
  constructor(cause: unknown) {
    super(
      "policy.parser_unavailable",
      "Could not load the bash parser (web-tree-sitter + tree-sitter-bash).",
      {
        hint: "Reinstall dependencies (npm ci); without the parser no shell command is allowed.",
        cause,
      },
    );
  }
}
