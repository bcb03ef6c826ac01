import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * A time-ordered, URL-safe id: 10 characters of milliseconds then 12 random characters (Crockford base32,
 * lower-case). Sorting ids sorts them by creation time, which makes `art sessions` and `--last` cheap.
 */
export function newId(prefix = ""): string {
  let time = Date.now();
  let head = "";
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(12);
  let tail = "";
  for (const byte of bytes) tail += ALPHABET[byte % 32];
  return prefix + head + tail;
}
