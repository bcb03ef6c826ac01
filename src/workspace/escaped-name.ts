/**
 * File names are bytes; JSON and the model speak Unicode. A name that is valid UTF-8 is shown as it is. A name
 * that is not is shown with each byte of an invalid sequence as `\xHH` (and each backslash as `\\`, so the form
 * decodes back to exactly those bytes); file tools accept that form back (see {@link pathArgumentBytes}).
 */

const DECODER = new TextDecoder("utf-8", { fatal: true });

/** The lossless, addressable text form of a file name or path given as bytes. */
export function displayName(bytes: Buffer): string {
  try {
    return DECODER.decode(bytes);
  } catch {
    // Decode the longest valid runs, escape the bytes between them.
    let out = "";
    let index = 0;
    while (index < bytes.length) {
      const length = validSequenceLength(bytes, index);
      if (length === 0) {
        out += `\\x${bytes[index]!.toString(16).padStart(2, "0").toUpperCase()}`;
        index += 1;
        continue;
      }
      const text = bytes.subarray(index, index + length).toString("utf8");
      out += text === "\\" ? "\\\\" : text;
      index += length;
    }
    return out;
  }
}

/** The length of the valid UTF-8 sequence starting at `index`, or 0 when the byte there starts none. */
function validSequenceLength(bytes: Buffer, index: number): number {
  const first = bytes[index]!;
  const length =
    first < 0x80 ? 1 : first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : 0;
  const four = first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  const total = length || four;
  if (total === 0 || index + total > bytes.length) return 0;
  try {
    DECODER.decode(bytes.subarray(index, index + total));
    return total;
  } catch {
    return 0;
  }
}

const ESCAPE = /\\x[0-9A-Fa-f]{2}/;

/** True when `given` contains the `\xHH` escapes of {@link displayName}. */
export function hasEscapes(given: string): boolean {
  return ESCAPE.test(given);
}

/** Decodes the escaped form of {@link displayName} back to bytes (`\xHH` → the byte, `\\` → a backslash). */
export function decodeEscapes(given: string): Buffer {
  const chunks: Buffer[] = [];
  let index = 0;
  while (index < given.length) {
    if (given[index] === "\\" && given[index + 1] === "\\") {
      chunks.push(Buffer.from("\\"));
      index += 2;
    } else if (given[index] === "\\" && ESCAPE.test(given.slice(index, index + 4))) {
      chunks.push(Buffer.from([Number.parseInt(given.slice(index + 2, index + 4), 16)]));
      index += 4;
    } else {
      const code = given.codePointAt(index)!;
      const char = String.fromCodePoint(code);
      chunks.push(Buffer.from(char, "utf8"));
      index += char.length;
    }
  }
  return Buffer.concat(chunks);
}
