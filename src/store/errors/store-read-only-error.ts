import { ArtError } from "../../core/index.js";

/** The journal database can be read but not written (a read-only file system, mount or file). */
export class StoreReadOnlyError extends ArtError {
  /** The database file. */
  readonly path: string;

  constructor(path: string, detail = "the file or its directory cannot be written") {
    super("store.read_only", `The journal database ${path} is read-only (${detail}).`, {
      hint: 'Sessions can be listed and shown ("art sessions", "art show"), not run or resumed; make ART_HOME writable, or point ART_HOME at a writable directory.',
    });
    this.path = path;
  }
}
