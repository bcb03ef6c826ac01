import { ArtError } from "../../core/index.js";

/** The database file is not a SQLite database, is malformed, or is not an Agent Runtime journal. */
export class StoreCorruptError extends ArtError {
  /** The database file. */
  readonly path: string;

  constructor(path: string, detail: string, cause?: unknown) {
    super("store.corrupt", `The journal database ${path} is unreadable: ${detail}.`, {
      hint: `Nothing was changed. Move it aside (e.g. \`mv ${path} ${path}.broken\`) to start a fresh journal, and keep the copy to recover sessions from it.`,
      cause,
    });
    this.path = path;
  }
}
