import { ArtError } from "../../core/index.js";

/** The database file or its directory cannot be created, opened or written. */
export class StoreUnavailableError extends ArtError {
  /** The database file. */
  readonly path: string;

  constructor(path: string, detail: string, cause?: unknown) {
    super("store.unavailable", `Cannot open the journal database ${path}: ${detail}.`, {
      hint: "Check that the directory exists or can be created and is writable, or point ART_HOME elsewhere.",
      cause,
    });
    this.path = path;
  }
}
