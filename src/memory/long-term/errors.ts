import { ArtError } from "../../core/index.js";

/** A memory's text holds a secret; it is refused, never stored (not even redacted: a half memory misleads). */
export class SecretInMemoryError extends ArtError {
  constructor(what: string) {
    super("memory.secret_refused", `The memory was not stored: it contains ${what}.`, {
      hint: "Remember the fact without the secret itself (say where the secret lives, e.g. which variable).",
    });
  }
}

/** No long-term memory has the given id. */
export class MemoryNotFoundError extends ArtError {
  constructor(id: string) {
    super("memory.not_found", `No memory has id "${id}".`, {
      hint: 'Run "art memory list" to see the ids.',
    });
  }
}

/** The text, scope or limit given for a memory is not valid. */
export class InvalidMemoryError extends ArtError {
  constructor(message: string, hint: string) {
    super("memory.invalid", message, { hint });
  }
}
