/**
 * A file's lines as offsets into its text, so that finding and splicing chunks never splits the whole file into
 * strings: untouched stretches are copied as slices with their own line terminators.
 */
export class LineTable {
  /** `starts[i]` is where line `i` begins; `starts[length]` is the end of the text. */
  readonly starts: Int32Array;
  readonly length: number;

  constructor(readonly content: string) {
    // One pass; the array grows by doubling, first sized for about 32 characters per line.
    let starts = new Int32Array(Math.max(16, (content.length >> 5) + 2));
    let count = 0;
    for (let at = content.indexOf("\n"); at !== -1; at = content.indexOf("\n", at + 1)) {
      if (count + 2 >= starts.length) {
        const grown = new Int32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[++count] = at + 1;
    }
    const unterminated = content.length > 0 && !content.endsWith("\n");
    this.length = count + (unterminated ? 1 : 0);
    starts[this.length] = content.length;
    this.starts = starts;
  }

  /** A table over `lines`, each terminated by `\n`. */
  static fromLines(lines: readonly string[]): LineTable {
    return new LineTable(lines.map((line) => `${line}\n`).join(""));
  }

  /** Where line `i`'s text ends, before its `\n` or `\r\n`. */
  textEnd(i: number): number {
    const start = this.starts[i] as number;
    let end = this.starts[i + 1] as number;
    if (end > start && this.content.charCodeAt(end - 1) === 10) {
      end--;
      if (end > start && this.content.charCodeAt(end - 1) === 13) end--;
    }
    return end;
  }

  /** Line `i` without its terminator. */
  text(i: number): string {
    return this.content.slice(this.starts[i], this.textEnd(i));
  }

  /** True when line `i`, without its terminator, is exactly `text` (without allocating). */
  equals(i: number, text: string): boolean {
    const start = this.starts[i] as number;
    return this.textEnd(i) - start === text.length && this.content.startsWith(text, start);
  }

  /** The line that contains character `offset` of the text. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** False only for a last line with no terminator. */
  terminated(i: number): boolean {
    return this.content.charCodeAt((this.starts[i + 1] as number) - 1) === 10;
  }

  /** The dominant line ending: `\r\n` when at least half the terminated lines use it. */
  eol(): "\n" | "\r\n" {
    if (this.content.indexOf("\r\n") === -1) return "\n";
    let crlf = 0;
    for (let at = this.content.indexOf("\r\n"); at !== -1; at = this.content.indexOf("\r\n", at + 2)) crlf++;
    const terminated = this.length > 0 && !this.terminated(this.length - 1) ? this.length - 1 : this.length;
    return crlf * 2 >= terminated ? "\r\n" : "\n";
  }
}
