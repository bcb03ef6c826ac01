/**
 * Keeps the head and the tail of a stream of text within a byte budget, dropping the middle: the start of a
 * command's output usually says what it is doing, the end says how it finished.
 */
export class HeadTailBuffer {
  private head = "";
  private tail: string[] = [];
  private tailLength = 0;
  private dropped = 0;
  private readonly half: number;

  constructor(readonly limit: number) {
    this.half = Math.max(1, Math.floor(limit / 2));
  }

  /** Appends a chunk. */
  push(chunk: string): void {
    if (this.head.length < this.half) {
      const room = this.half - this.head.length;
      this.head += chunk.slice(0, room);
      chunk = chunk.slice(room);
      if (chunk.length === 0) return;
    }
    this.tail.push(chunk);
    this.tailLength += chunk.length;
    while (this.tailLength > this.half && this.tail.length > 0) {
      const first = this.tail[0]!;
      const excess = this.tailLength - this.half;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailLength -= first.length;
        this.dropped += first.length;
      } else {
        this.tail[0] = first.slice(excess);
        this.tailLength -= excess;
        this.dropped += excess;
      }
    }
  }

  /** True when something was dropped. */
  get truncated(): boolean {
    return this.dropped > 0;
  }

  /** The kept text, with a marker where the middle was dropped. */
  toString(): string {
    const tail = this.tail.join("");
    if (this.dropped === 0) return this.head + tail;
    return `${this.head}\n[… ${this.dropped} characters omitted …]\n${tail}`;
  }
}

/** Shortens `text` to at most about `limit` characters, keeping head and tail with a marker between. */
export function truncateMiddle(text: string, limit: number): { text: string; truncated: boolean } {
  if (text.length <= limit) return { text, truncated: false };
  const buffer = new HeadTailBuffer(limit);
  buffer.push(text);
  return { text: buffer.toString(), truncated: true };
}
