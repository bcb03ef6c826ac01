import { ArtError } from "../../core/index.js";

/** A `scripted:<file>` model script could not be read or does not have the expected shape. */
export class ScriptFileError extends ArtError {
  /** The script's path. */
  readonly file: string;

  constructor(file: string, problem: string, cause?: unknown) {
    super("model.script_invalid", `Model script ${file} is not usable: ${problem}.`, {
      hint: 'It must be JSON like {"responses": [{"text": "...", "toolCalls": [{"name": "...", "arguments": {}}]}]}.',
      cause,
    });
    this.file = file;
  }
}
