import { ArtError, type ArtErrorOptions } from "./art-error.js";

/** Input from a user, a config file or a model did not match what was expected. */
export class InvalidInputError extends ArtError {
  constructor(message: string, options: ArtErrorOptions = {}) {
    super("input.invalid", message, options);
  }
}
