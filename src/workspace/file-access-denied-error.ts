import { ArtError } from "../core/index.js";

/** A file tool was asked to read or write what the session's sandbox would not let a command read or write. */
export class FileAccessDeniedError extends ArtError {
  /** The path as it was given. */
  readonly path: string;

  constructor(path: string, access: "read" | "write", why: string) {
    super("path.denied", `Cannot ${access} "${path}": ${why}.`, {
      hint:
        access === "write"
          ? "The session's sandbox protects it; ask the user to change it, or work on another file."
          : "The session's sandbox keeps it from commands and file tools alike.",
    });
    this.path = path;
  }
}
