import { ArtError } from "../../core/index.js";
import { StoreCorruptError } from "../errors/store-corrupt-error.js";
import { StoreLockedError } from "../errors/store-locked-error.js";
import { StoreUnavailableError } from "../errors/store-unavailable-error.js";

/** The SQLite result code of an error thrown by better-sqlite3 (`SQLITE_BUSY`, ...), if it is one. */
export function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_") ? code : undefined;
}

export function isBusy(code: string | undefined): boolean {
  return code !== undefined && (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED"));
}

export function isCorrupt(code: string | undefined): boolean {
  return code !== undefined && (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT"));
}

/** Maps an error met while opening the database to the typed error a user can act on. */
export function classifyOpenError(path: string, error: unknown, busyTimeoutMs: number): unknown {
  if (ArtError.isInstance(error)) return error;
  const code = sqliteCode(error);
  const message = (error as Error)?.message ?? String(error);
  if (isCorrupt(code)) return new StoreCorruptError(path, message, error);
  if (isBusy(code)) return new StoreLockedError(path, busyTimeoutMs, error);
  if (code !== undefined || (error as { code?: unknown })?.code !== undefined) {
    return new StoreUnavailableError(path, `${message}${code ? ` (${code})` : ""}`, error);
  }
  return error;
}
