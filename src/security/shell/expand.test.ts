import { describe, expect, it } from "vitest";
import { expandWord, MAX_EXPANSIONS, type ShellChar } from "./expand.js";

const bare = (text: string): ShellChar[] => [...text].map((char) => ({ char, active: true }));
const quoted = (text: string): ShellChar[] => [...text].map((char) => ({ char, active: false }));
const context = { home: "/home/u", cwd: "/work" };

describe("expandWord", () => {
  it("expands braces like bash: alternatives, nesting, sequences, empty alternatives", () => {
    const words = (text: string) => {
      const result = expandWord(bare(text), context);
      return result.ok ? result.words : result.problem;
    };
    expect(words("~{,}")).toEqual(["/home/u", "/home/u"]);
    expect(words("/{etc,usr}")).toEqual(["/etc", "/usr"]);
    expect(words("a{b,c}d{e,f}")).toEqual(["abde", "abdf", "acde", "acdf"]);
    expect(words("/{u{s,}r,x}")).toEqual(["/usr", "/ur", "/x"]);
    expect(words("{1..3}")).toEqual(["1", "2", "3"]);
    expect(words("{01..10..4}")).toEqual(["01", "05", "09"]);
    expect(words("{a..c}")).toEqual(["a", "b", "c"]);
    expect(words("{a}")).toEqual(["{a}"]);
    // A parameter expansion, not a brace expansion.
    // biome-ignore lint/suspicious/noTemplateCurlyInString: shell syntax, not a template
    expect(words("${x,y}")).toEqual(["${x,y}"]);
    expect(words("{a,b")).toEqual(["{a,b"]);
  });

  it("expands a leading unquoted tilde only", () => {
    const one = (chars: ShellChar[]) => {
      const result = expandWord(chars, context);
      return result.ok ? result.words : result.problem;
    };
    expect(one(bare("~/x"))).toEqual(["/home/u/x"]);
    expect(one(bare("~+/x"))).toEqual(["/work/x"]);
    expect(one(bare("~-"))).toEqual([undefined]);
    expect(one(bare("~bob/x"))).toEqual(["~bob/x"]);
    expect(one(quoted("~/x"))).toEqual(["~/x"]);
    expect(one([...quoted("~"), ...bare("{,}")])).toEqual(["~", "~"]);
    expect(one(bare("a~"))).toEqual(["a~"]);
  });

  it("gives up, as something that cannot be analysed, past the expansion limit", () => {
    const result = expandWord(bare("{a,b}".repeat(11)), context);
    expect(result).toEqual({
      ok: false,
      problem: `a brace expansion makes more than ${MAX_EXPANSIONS} words`,
    });
    expect(expandWord(bare("{1..100000}"), context).ok).toBe(false);
  });
});
