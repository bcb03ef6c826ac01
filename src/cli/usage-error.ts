import { ArtError } from "../core/errors/art-error.js";

/** The command line was wrong; exits with code 2. */
export class UsageError extends ArtError {
  constructor(message: string, command?: string) {
    super("usage", message, { hint: command ? `Run "art ${command} --help" for usage.` : undefined });
  }
}
