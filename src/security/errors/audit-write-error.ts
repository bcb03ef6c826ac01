import { ArtError } from "../../core/index.js";

const CAUSES: Record<string, string> = {
  EFBIG: "the file-size limit (RLIMIT_FSIZE, ulimit -f) was reached",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
  EROFS: "the file system is read-only",
  EACCES: "permission was denied",
  EPERM: "the operation was not permitted",
  ENOENT: "the audit directory or file was removed",
  ENOTDIR: "the audit directory was replaced by a file",
  EISDIR: "the audit log was replaced by a directory",
  EIO: "the disk reported an I/O error",
};

/**
 * An audit record could not be written (disk full, file-size limit, a removed or replaced audit file). The session
 * stops instead of going on unaudited.
 */
export class AuditWriteError extends ArtError {
  /** The file that could not be written. */
  readonly file: string;
  /** The system error code (`EFBIG`, `ENOSPC`, ...), when there was one. */
  readonly systemCode: string | undefined;

  constructor(file: string, cause: unknown) {
    const systemCode = (cause as NodeJS.ErrnoException | undefined)?.code;
    const why =
      (systemCode && CAUSES[systemCode]) ?? (cause instanceof Error ? cause.message : String(cause));
    super(
      "audit.write_failed",
      `The audit log ${file} could not be written (${systemCode ? `${systemCode}: ` : ""}${why}); the session stops rather than run tool calls that are not audited.`,
      {
        hint: 'Free disk space or raise the file-size limit, check $ART_HOME/audit, then continue with "art resume".',
        cause,
      },
    );
    this.file = file;
    this.systemCode = systemCode;
  }
}
