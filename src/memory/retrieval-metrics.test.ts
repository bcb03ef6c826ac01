import { describe, expect, it } from "vitest";
import {
  docQuery,
  recallAtK,
  reciprocalRank,
  stripDocComments,
  summarizeRetrieval,
} from "./quality/index.js";
import { fuseRanks } from "./rrf.js";

describe("recallAtK", () => {
  it("counts the relevant ids within the first k", () => {
    expect(recallAtK(["a", "b", "c", "d"], ["c", "z"], 3)).toBe(0.5);
    expect(recallAtK(["a", "b", "c", "d"], ["d"], 3)).toBe(0);
    expect(recallAtK(["a", "b", "c", "d"], new Set(["d"]), 4)).toBe(1);
  });

  it("counts a repeated relevant id once", () => {
    expect(recallAtK(["c", "c", "x"], ["c", "z"], 3)).toBe(0.5);
  });

  it("refuses a bad k and a query with no right answer", () => {
    expect(() => recallAtK(["a"], ["a"], 0)).toThrow(/Cut-off k = 0/);
    expect(() => recallAtK(["a"], ["a"], 1.5)).toThrow(/positive integer/);
    expect(() => recallAtK(["a"], [], 10)).toThrow(/no relevant ids/);
  });
});

describe("reciprocalRank", () => {
  it("is one over the first relevant position", () => {
    expect(reciprocalRank(["a", "b", "c"], ["b", "c"])).toBe(0.5);
    expect(reciprocalRank(["a", "b", "c"], ["a"])).toBe(1);
    expect(reciprocalRank(["a", "b", "c"], ["z"])).toBe(0);
  });

  it("stops at k when given", () => {
    expect(reciprocalRank(["a", "b", "c"], ["c"], 2)).toBe(0);
    expect(reciprocalRank(["a", "b", "c"], ["c"], 3)).toBeCloseTo(1 / 3);
  });
});

describe("summarizeRetrieval", () => {
  it("averages recall@k and MRR@k over queries", () => {
    const summary = summarizeRetrieval(
      [
        { ranked: [1, 2, 3], relevant: [1] },
        { ranked: [4, 5, 6], relevant: [6] },
        { ranked: [7, 8, 9], relevant: [9] },
      ],
      2,
    );
    expect(summary.queries).toBe(3);
    expect(summary.recallAtK).toBeCloseTo(1 / 3);
    expect(summary.mrr).toBeCloseTo(1 / 3);
  });

  it("refuses an empty set of queries", () => {
    expect(() => summarizeRetrieval([], 10)).toThrow(/No queries/);
  });
});

describe("doc comments", () => {
  const source = [
    "/**",
    " * Parses a {@link Header} from `text`, e.g. a request line. Slow on long input.",
    " *",
    " * @param text the raw text",
    " */",
    "export function parse(text: string) {",
    '  const glob = "src/**/*.ts"; // not a comment',
    "  /** The inner note. */",
    "  return text; /* kept */",
    "}",
  ].join("\n");

  it("takes the first sentence of the leading doc comment as the query", () => {
    expect(docQuery(source)).toBe("Parses a Header from text, e.g. a request line.");
    expect(docQuery("/** @internal */\nfunction f() {}")).toBeUndefined();
    expect(docQuery("function f() {}")).toBeUndefined();
    expect(docQuery("/** No full stop here */\nfunction f() {}")).toBe("No full stop here");
  });

  it("strips every doc comment but keeps code, strings and other comments", () => {
    const stripped = stripDocComments(source);
    expect(stripped).not.toContain("Parses");
    expect(stripped).not.toContain("inner note");
    expect(stripped).toContain('"src/**/*.ts"');
    expect(stripped).toContain("/* kept */");
    expect(stripped.startsWith("export function parse")).toBe(true);
  });
});

describe("weighted fusion", () => {
  it("lets a heavier list win a tie of ranks", () => {
    const even = fuseRanks([["a"], ["b"]], 60);
    expect(even.get("a")).toBe(even.get("b"));
    const weighted = fuseRanks([["a"], ["b"]], 60, [1, 2]);
    expect(weighted.get("b")).toBeCloseTo(2 / 61);
    expect(weighted.get("a")).toBeCloseTo(1 / 61);
  });
});
