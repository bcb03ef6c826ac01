import { ArtError } from "../../core/index.js";

/** The journal was used after `close()`. */
export class StoreClosedError extends ArtError {
  constructor() {
    super("store.closed", "The journal is closed.", { hint: "Open a new journal to read or append." });
  }
}
