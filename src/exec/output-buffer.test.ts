import { describe, expect, it } from "vitest";
import { HeadTailBuffer, truncateMiddle } from "./output-buffer.js";

describe("HeadTailBuffer", () => {
  it("keeps everything under the limit", () => {
    const buffer = new HeadTailBuffer(100);
    buffer.push("hello ");
    buffer.push("world");
    expect(buffer.toString()).toBe("hello world");
    expect(buffer.truncated).toBe(false);
  });

  it("keeps head and tail across many chunks and says how much it dropped", () => {
    const buffer = new HeadTailBuffer(10);
    for (let i = 0; i < 100; i++) buffer.push(String(i % 10));
    expect(buffer.toString()).toBe("01234\n[… 90 characters omitted …]\n56789");
    expect(buffer.truncated).toBe(true);
  });

  it("handles one chunk far larger than the limit", () => {
    const { text, truncated } = truncateMiddle("a".repeat(5) + "b".repeat(1_000_000) + "c".repeat(5), 10);
    expect(truncated).toBe(true);
    expect(text.startsWith("aaaaa\n[…")).toBe(true);
    expect(text.endsWith("ccccc")).toBe(true);
  });
});
