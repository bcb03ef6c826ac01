import { ArtError } from "../../core/index.js";

/** A provider needs an API key and its environment variable is not set. */
export class MissingApiKeyError extends ArtError {
  /** The environment variable that should hold the key. */
  readonly envVar: string;

  constructor(provider: string, envVar: string) {
    super("model.api_key_missing", `No API key for ${provider}: ${envVar} is not set.`, {
      hint: `Export ${envVar}=<your key> and run again.`,
    });
    this.envVar = envVar;
  }
}
