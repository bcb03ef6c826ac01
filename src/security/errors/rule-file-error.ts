import { ArtError } from "../../core/index.js";

/** A rule file could not be read or does not say what a rule file must say. */
export class RuleFileError extends ArtError {
  /** The file, as given. */
  readonly file: string;
  /** 1-based line of the problem, when known. */
  readonly line: number | undefined;

  /** 1-based column of the problem, when known (TOML syntax errors). */
  readonly column: number | undefined;

  constructor(
    file: string,
    line: number | undefined,
    problem: string,
    options: { cause?: unknown; column?: number } = {},
  ) {
    const where =
      line === undefined ? "" : `:${line}${options.column === undefined ? "" : `:${options.column}`}`;
    super("policy.rule_file_invalid", `${file}${where}: ${problem}`, {
      hint: "Fix the rule file (see docs/security.md for the formats) and try again.",
      cause: options.cause,
    });
    this.file = file;
    this.line = line;
    this.column = options.column;
  }
}
