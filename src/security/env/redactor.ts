import { isSecretName } from "./secret-names.js";

/** Options for {@link Redactor.fromEnv}. */
export interface RedactorOptions {
  /** Values shorter than this are not redacted (they would hit ordinary text). Default 8. */
  minLength?: number;
  /** More variable names whose values are secrets, besides the secret-looking ones. */
  names?: string[];
}

const DEFAULT_MIN = 8;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Replaces known secret values in text with `[REDACTED:<name>]`. Build it once per session from the parent
 * environment; run every tool output, journal entry and log line through it. For streamed output, use one
 * {@link RedactingStream} per stream so a secret split across chunks is still caught.
 */
export class Redactor {
  /** Secret values, longest first, each with the name it is shown as. */
  private readonly secrets: { value: string; name: string }[];
  private readonly pattern: RegExp | undefined;
  /** The longest secret's length; a stream holds back at most this minus one characters. */
  readonly longest: number;

  constructor(secrets: Record<string, string>, options: { minLength?: number } = {}) {
    const min = options.minLength ?? DEFAULT_MIN;
    const seen = new Map<string, string>();
    for (const [name, value] of Object.entries(secrets)) {
      if (value.length < min) continue;
      for (const form of new Set([value, encodeURIComponent(value)]))
        if (!seen.has(form)) seen.set(form, name);
    }
    this.secrets = [...seen]
      .map(([value, name]) => ({ value, name }))
      .sort((a, b) => b.value.length - a.value.length);
    this.pattern =
      this.secrets.length > 0
        ? new RegExp(this.secrets.map((secret) => escapeRegExp(secret.value)).join("|"), "g")
        : undefined;
    this.longest = this.secrets[0]?.value.length ?? 0;
  }

  /** A redactor for the values of the secret-looking variables of `env` (and `options.names`). */
  static fromEnv(env: NodeJS.ProcessEnv, options: RedactorOptions = {}): Redactor {
    const names = new Set(options.names ?? []);
    const secrets: Record<string, string> = {};
    for (const [name, value] of Object.entries(env)) {
      if (value !== undefined && (isSecretName(name) || names.has(name))) secrets[name] = value;
    }
    return new Redactor(secrets, options.minLength === undefined ? {} : { minLength: options.minLength });
  }

  /** How many distinct secret spellings it looks for. */
  get size(): number {
    return this.secrets.length;
  }

  /** `text` with every known secret replaced. */
  redact(text: string): string {
    if (!this.pattern) return text;
    return text.replace(this.pattern, (match) => `[REDACTED:${this.nameOf(match)}]`);
  }

  /** A stateful redactor for one stream of chunks. */
  stream(): RedactingStream {
    return new RedactingStream(this);
  }

  private nameOf(value: string): string {
    return this.secrets.find((secret) => secret.value === value)?.name ?? "secret";
  }

  /** Length of the longest suffix of `text` that starts some secret (and so may continue in the next chunk). */
  pendingSuffix(text: string): number {
    const max = Math.min(this.longest - 1, text.length);
    for (let length = max; length > 0; length--) {
      const tail = text.slice(text.length - length);
      if (this.secrets.some((secret) => secret.value.startsWith(tail))) return length;
    }
    return 0;
  }
}

/**
 * Redacts a stream chunk by chunk. Text that could be the start of a secret is held back until the next chunk
 * shows whether it is one (at most the longest secret's length minus one characters); `end()` releases it.
 */
export class RedactingStream {
  private pending = "";

  constructor(private readonly redactor: Redactor) {}

  /** Redacted text safe to pass on now (may be shorter than `chunk`, or empty). */
  push(chunk: string): string {
    const text = this.pending + chunk;
    const redacted = this.redactor.redact(text);
    const hold = this.redactor.pendingSuffix(redacted);
    // Hold back only text that was not already replaced: a marker never starts a secret.
    this.pending = hold > 0 ? redacted.slice(redacted.length - hold) : "";
    return hold > 0 ? redacted.slice(0, redacted.length - hold) : redacted;
  }

  /** Whatever is still held back, redacted. Call when the stream ends. */
  end(): string {
    const rest = this.redactor.redact(this.pending);
    this.pending = "";
    return rest;
  }
}
