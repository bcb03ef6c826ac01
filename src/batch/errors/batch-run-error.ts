import { ArtError } from "../../core/index.js";

/** A batch run cannot start or go on; the code says why (`batch.not_found`, `batch.file_changed`, ...). */
export class BatchRunError extends ArtError {
  constructor(code: `batch.${string}`, message: string, hint?: string) {
    super(code, message, hint ? { hint } : {});
  }
}
