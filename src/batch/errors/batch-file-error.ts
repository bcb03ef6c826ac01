import { ArtError } from "../../core/index.js";

/** A line of a batch file is not a task: names the file, the line and the field that is wrong. */
export class BatchFileError extends ArtError {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super("batch.invalid_file", `${file}:${line}: ${problem}.`, {
      hint: 'Each line is one JSON object: {"id"?, "task", "cwd" | "repo" (+ "ref"), "model"?, "agent"?}.',
    });
  }
}
