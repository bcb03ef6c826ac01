import { isUtf8 } from "node:buffer";

/**
 * A text file as lines, with what it takes to write it back byte for byte: its BOM, its line ending, and, in the
 * rare file that mixes endings, each line's own terminator.
 */
export interface TextFile {
  /** Starts with a UTF-8 byte order mark. */
  bom: boolean;
  /** The dominant line ending; new lines get it. */
  eol: "\n" | "\r\n";
  /** Lines without their terminators. */
  lines: string[];
  /**
   * Each line's terminator when the file mixes endings (`""` for an unterminated last line); undefined when every
   * terminated line ends with `eol`.
   */
  ends?: string[];
  /** The last line is terminated. */
  finalNewline: boolean;
}

const BOM = "\uFEFF";

/** Why a buffer cannot be edited as text, or undefined when it can. */
export function binaryReason(buffer: Uint8Array): string | undefined {
  if (buffer.indexOf(0) !== -1) return "it is a binary file (it contains NUL bytes)";
  return undefined;
}

/** Decodes UTF-8 bytes strictly (a BOM is kept as U+FEFF); undefined when they are not valid UTF-8. */
export function decodeUtf8(buffer: Buffer): string | undefined {
  return isUtf8(buffer) ? buffer.toString("utf8") : undefined;
}

/** Splits text into a {@link TextFile}. */
export function parseText(content: string): TextFile {
  const bom = content.startsWith(BOM);
  const body = bom ? content.slice(1) : content;
  if (body.length === 0) return { bom, eol: "\n", lines: [], finalNewline: false };
  const lines = body.split("\n");
  const finalNewline = lines[lines.length - 1] === "";
  if (finalNewline) lines.pop();
  if (body.indexOf("\r") === -1) return { bom, eol: "\n", lines, finalNewline };
  const terminated = finalNewline ? lines.length : lines.length - 1;
  let crlf = 0;
  for (let i = 0; i < terminated; i++) if ((lines[i] as string).endsWith("\r")) crlf++;
  if (crlf === 0) return { bom, eol: "\n", lines, finalNewline };
  for (let i = 0; i < terminated; i++) {
    const line = lines[i] as string;
    if (line.endsWith("\r")) lines[i] = line.slice(0, -1);
  }
  if (crlf === terminated) return { bom, eol: "\r\n", lines, finalNewline };
  // Mixed endings: remember each line's own so untouched lines keep theirs.
  const ends: string[] = new Array(lines.length);
  const source = body.split("\n");
  for (let i = 0; i < lines.length; i++) {
    ends[i] = i < terminated ? ((source[i] as string).endsWith("\r") ? "\r\n" : "\n") : "";
  }
  return { bom, eol: crlf * 2 >= terminated ? "\r\n" : "\n", lines, ends, finalNewline };
}

/** Joins a {@link TextFile} back into text. */
export function formatText(file: TextFile): string {
  const prefix = file.bom ? BOM : "";
  const { lines, eol, ends } = file;
  if (lines.length === 0) return prefix;
  if (!ends) return prefix + lines.join(eol) + (file.finalNewline ? eol : "");
  const parts: string[] = new Array(lines.length * 2);
  const last = lines.length - 1;
  for (let i = 0; i < lines.length; i++) {
    parts[2 * i] = lines[i] as string;
    parts[2 * i + 1] = i < last || file.finalNewline ? ends[i] || eol : "";
  }
  return prefix + parts.join("");
}
