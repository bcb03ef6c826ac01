import { ArtError } from "../../core/index.js";

/** An agent definition file could not be read: names the file and the field that is wrong. */
export class InvalidAgentFileError extends ArtError {
  constructor(
    readonly file: string,
    readonly field: string,
    problem: string,
  ) {
    super("agent.invalid_file", `${file}: field "${field}" ${problem}.`, {
      hint: `Fix "${field}" in the front matter of ${file} (between the two "---" lines at its top).`,
    });
  }
}
