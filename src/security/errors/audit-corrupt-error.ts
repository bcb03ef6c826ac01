import { ArtError } from "../../core/index.js";

/** An audit log ends in a record that is not whole JSON, so nothing can be chained after it. */
export class AuditCorruptError extends ArtError {
  /** The log file. */
  readonly file: string;

  constructor(file: string) {
    super(
      "audit.corrupt",
      `The audit log ${file} ends with an incomplete record; new records cannot be chained to it.`,
      {
        hint: "Verify the chain (verifyAudit) to see where it breaks, and move the file aside to start a new chain.",
      },
    );
    this.file = file;
  }
}
