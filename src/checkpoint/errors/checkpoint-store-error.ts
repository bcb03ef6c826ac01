import { ArtError, type ArtErrorOptions } from "../../core/index.js";

/** The checkpoint folder under $ART_HOME is unusable: it belongs to another workspace, or has a future format. */
export class CheckpointStoreError extends ArtError {
  constructor(message: string, options: ArtErrorOptions = {}) {
    super("checkpoint.store_invalid", message, options);
  }
}
