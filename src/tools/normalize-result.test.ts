import { describe, expect, it } from "vitest";
import { capTextParts, MAX_JSON_CHARS, normalizeResult } from "./index.js";

const PNG = Buffer.from("89504e470d0a1a0a", "hex").toString("base64");

describe("normalizeResult", () => {
  it("a string is a text result; text-only content journals no parts", () => {
    expect(normalizeResult("t", "hi")).toEqual({ ok: true, output: "hi" });
    expect(
      normalizeResult("t", {
        content: [
          { type: "text", text: "a" },
          { type: "text", text: "b" },
        ],
        ok: false,
      }),
    ).toEqual({
      ok: false,
      output: "a\nb",
    });
  });

  it("keeps JSON and images as parts, with a text rendering for readers of output", () => {
    expect(
      normalizeResult("t", {
        content: [
          { type: "json", value: { a: [1, null, "x"] } },
          { type: "image", data: PNG, mediaType: "image/png" },
        ],
        sandboxDenied: "landlock",
      }),
    ).toEqual({
      ok: true,
      output: '{"a":[1,null,"x"]}\n[image: image/png, 8 bytes]',
      content: [
        { type: "json", value: { a: [1, null, "x"] } },
        { type: "image", data: PNG, mediaType: "image/png" },
      ],
      sandboxDenied: "landlock",
    });
  });

  it("refuses what cannot be stored as given (tool.invalid_result)", () => {
    const bad = [
      { type: "json", value: { n: Number.NaN } },
      { type: "json", value: { f: () => 1 } },
      { type: "json", value: { b: 1n } },
      { type: "json", value: { u: undefined } },
      { type: "json", value: new Map() },
      { type: "image", data: PNG, mediaType: "text/html" },
      { type: "image", data: "a=b=", mediaType: "image/png" },
      { type: "audio", data: PNG },
      { type: "text", text: 5 },
    ];
    for (const [index, part] of bad.entries())
      expect(() => normalizeResult("t", { content: [part as never] }), `case ${index}`).toThrow(
        expect.objectContaining({ code: "tool.invalid_result" }),
      );
    expect(() => normalizeResult("t", { output: "old shape" } as never)).toThrow(/neither a string nor/);
    expect(() => normalizeResult("t", null as never)).toThrow(/neither a string nor/);
  });

  it("a JSON value too big to keep whole becomes text, which is cut like any output", () => {
    const big = { text: "x".repeat(MAX_JSON_CHARS) };
    const result = normalizeResult("t", { content: [{ type: "json", value: big }] });
    expect(result.content).toBeUndefined();
    expect(result.output).toBe(JSON.stringify(big));
  });
});

describe("capTextParts", () => {
  it("cuts text parts to one budget across the parts and never touches an image", () => {
    const image = { type: "image" as const, data: PNG.repeat(100), mediaType: "image/png" };
    const { parts, truncated } = capTextParts(
      [{ type: "text", text: "abcdef" }, image, { type: "text", text: "ghij" }],
      8,
      (text, budget) => `${text.slice(0, budget)}…`,
    );
    expect(truncated).toBe(true);
    expect(parts).toEqual([{ type: "text", text: "abcdef" }, image, { type: "text", text: "gh…" }]);
  });
});
