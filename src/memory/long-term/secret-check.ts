import { isSecretName, Redactor } from "../../security/index.js";

/** Well-known token shapes: secrets even when no variable of this process holds them. */
const SHAPES: ReadonlyArray<readonly [string, RegExp]> = [
  ["a private key", /-----BEGIN [A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----/],
  ["an AWS access key id", /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/],
  ["a GitHub token", /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/],
  ["an API key (sk-…)", /\bsk-[A-Za-z0-9_-]{16,}/],
  ["a Slack token", /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ["a Google API key", /\bAIza[0-9A-Za-z_-]{35}/],
  ["a JSON web token", /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/],
  ["a password in a URL", /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]+@/i],
];

/** `NAME=value`, `name: value`, `"name": "value"` — a value of 8+ characters assigned to a secret-looking name. */
const ASSIGNMENT =
  /["']?([A-Za-z_][A-Za-z0-9_.-]*)["']?\s*[:=]\s*(?:"([^"\n]{8,})"|'([^'\n]{8,})'|([^\s"',;]{8,}))/g;
/** Names `isSecretName` flags that are ordinary words in notes (`author: …`, `session: …`, `primary key: …`). */
const ORDINARY =
  /^(?:authors?|authored|session|session_?id|sessions|key|keys|primary_?key|foreign_?key|keyboard)$/i;

/**
 * What secret `text` holds, in words (never the value), or undefined. Three nets: the values of this process's
 * secret-looking environment variables (the redactor's own list, so what it would redact from a tool's output is
 * never remembered), well-known token shapes, and assignments to secret-looking names.
 */
export function findSecret(text: string, redactor: Redactor): string | undefined {
  const redacted = redactor.redact(text);
  if (redacted !== text) {
    const name = /\[REDACTED:([^\]]+)\]/.exec(redacted)?.[1] ?? "secret";
    return `the value of the secret environment variable ${name}`;
  }
  for (const [what, shape] of SHAPES) if (shape.test(text)) return what;
  for (const match of text.matchAll(ASSIGNMENT)) {
    const name = match[1] ?? "";
    const value = match[2] ?? match[3] ?? match[4] ?? "";
    // A placeholder or a variable reference is not a secret: `TOKEN=$GITHUB_TOKEN`, `password: <your password>`.
    if (isSecretName(name) && !ORDINARY.test(name) && !/^[$<{%]/.test(value))
      return `a value assigned to ${name}`;
  }
  return undefined;
}

/** A redactor over the secret-looking variables of `env`. */
export function redactorOf(env: NodeJS.ProcessEnv): Redactor {
  return Redactor.fromEnv(env);
}
