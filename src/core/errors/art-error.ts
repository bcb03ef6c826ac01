const MARKER = Symbol.for("agent-runtime.error");

/** Options shared by every {@link ArtError}. */
export interface ArtErrorOptions {
  /** What the user or model can do about it; appended to the message. */
  hint?: string;
  /** Whether retrying the same operation may succeed. */
  isRetryable?: boolean;
  /** The underlying error. */
  cause?: unknown;
}

/**
 * The base of every error the runtime raises on purpose. Each carries a stable `code` that callers can switch on;
 * the message says what happened and, through `hint`, what to do next.
 */
export class ArtError extends Error {
  readonly [MARKER] = true;
  /** Stable machine-readable code, e.g. `store.corrupt`. */
  readonly code: string;
  /** What to do about it, when known. */
  readonly hint: string | undefined;
  /** Whether retrying may succeed. */
  readonly isRetryable: boolean;

  constructor(code: string, message: string, options: ArtErrorOptions = {}) {
    super(options.hint ? `${message} ${options.hint}` : message, { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.hint = options.hint;
    this.isRetryable = options.isRetryable ?? false;
  }

  /** True for any ArtError, also one created by another copy of this package. */
  static isInstance(value: unknown): value is ArtError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  /** A plain object for journals and `--json` output. */
  toJSON(): { code: string; message: string; hint?: string; retryable: boolean } {
    return {
      code: this.code,
      message: this.message,
      ...(this.hint ? { hint: this.hint } : {}),
      retryable: this.isRetryable,
    };
  }
}

/** Describes any thrown value in one line, without losing an ArtError's code. */
export function describeError(error: unknown): { code: string; message: string } {
  if (ArtError.isInstance(error)) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: "internal", message: error.message };
  return { code: "internal", message: String(error) };
}
