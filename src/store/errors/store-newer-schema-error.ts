import { ArtError } from "../../core/index.js";

/** The database, or an event in it, was written by a newer version of Agent Runtime than this one. */
export class StoreNewerSchemaError extends ArtError {
  /** The version found. */
  readonly found: number;
  /** The newest version this build understands. */
  readonly supported: number;

  constructor(what: string, found: number, supported: number) {
    super(
      "store.newer_schema",
      `${what} has schema version ${found}, newer than the version ${supported} this build of art understands.`,
      { hint: "Upgrade art (npm install -g agent-runtime@latest); the data was left untouched." },
    );
    this.found = found;
    this.supported = supported;
  }
}
