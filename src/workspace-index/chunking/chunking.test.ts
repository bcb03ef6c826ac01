import { describe, expect, it } from "vitest";
import { chunkFile, LANGUAGES, languageOf, lineWindows, WINDOW_LINES, WINDOW_OVERLAP } from "./index.js";

/** `kind:symbol:start-end` of the definition chunks (line windows left out). */
async function definitions(path: string, source: string): Promise<string[]> {
  const chunks = await chunkFile(path, source);
  return chunks
    .filter((c) => c.kind !== "lines")
    .map((c) => `${c.kind}:${c.symbol}:${c.startLine}-${c.endLine}`);
}

describe("code-aware chunking", () => {
  it("TypeScript: functions, classes with methods, arrow functions, interfaces and types, export included", async () => {
    const source = [
      'import x from "y";', //                                   1
      "", //                                                     2
      "export function add(a: number, b: number) {", //          3
      "  return a + b;", //                                      4
      "}", //                                                    5
      "", //                                                     6
      "export class Greeter {", //                               7
      "  greet(name: string) {", //                              8
      '    return "hi " + name;', //                             9
      "  }", //                                                 10
      "  static make() { return new Greeter(); }", //           11
      "}", //                                                   12
      "export const mul = (a: number, b: number) => a * b;", // 13
      "const limit = 3;", //                                    14
      "interface Shape { area(): number }", //                  15
      "type Id = string;", //                                   16
    ].join("\n");
    expect(await definitions("src/a.ts", source)).toEqual([
      "function:add:3-5",
      "class:Greeter:7-12",
      "method:Greeter.greet:8-10",
      "method:Greeter.make:11-11",
      "function:mul:13-13",
      "interface:Shape:15-15",
      "type:Id:16-16",
    ]);
    const chunks = await chunkFile("src/a.ts", source);
    // Code outside definitions (the import, a plain constant) is still searchable.
    expect(chunks.find((c) => c.kind === "lines" && c.startLine === 1)?.text).toContain("import x");
    expect(chunks.find((c) => c.kind === "lines" && c.startLine === 14)?.text).toBe("const limit = 3;");
    expect(chunks.find((c) => c.symbol === "Greeter.greet")?.text).toBe(
      '  greet(name: string) {\n    return "hi " + name;\n  }',
    );
  });

  it("a definition's chunk starts at the doc comment right above it", async () => {
    const source =
      "const a = 1;\n\n/**\n * Parse a cookie header.\n */\nfunction parse(str) {\n  return {};\n}\n// unrelated\n\n\nfunction other() {}\n/** Spaced. */\n\nfunction spaced() {}\n";
    expect(await definitions("cookie.js", source)).toEqual([
      "function:parse:3-8",
      "function:other:12-12",
      "function:spaced:13-15",
    ]);
    const go = "package x\n\n// Start starts the server.\n// It blocks.\nfunc Start() {}\n";
    expect(await definitions("x.go", go)).toEqual(["function:Start:3-5"]);
    const rust = "/// Makes a point.\nfn make() {}\n";
    expect(await definitions("x.rs", rust)).toEqual(["function:make:1-2"]);
  });

  it("TSX and JavaScript use their own grammars", async () => {
    expect(await definitions("ui/App.tsx", "export function App() {\n  return <div>hi</div>;\n}\n")).toEqual([
      "function:App:1-3",
    ]);
    expect(
      await definitions(
        "lib/x.mjs",
        "class Queue {\n  push(v) {}\n}\nfunction* gen() {}\nmodule.exports = 1;\n",
      ),
    ).toEqual(["class:Queue:1-3", "method:Queue.push:2-2", "function:gen:4-4"]);
  });

  it("Python: functions with their decorators, classes and methods", async () => {
    const source =
      'import os\n\n@cache\ndef top(a):\n    return a\n\nclass Dog:\n    def bark(self):\n        print("woof")\n\n    @property\n    def name(self):\n        return "rex"\n';
    expect(await definitions("pkg/dog.py", source)).toEqual([
      "function:top:3-5",
      "class:Dog:7-13",
      "method:Dog.bark:8-9",
      "method:Dog.name:11-13",
    ]);
  });

  it("Go: functions, methods named by their receiver type, types", async () => {
    const source =
      "package main\n\ntype Server struct {\n  port int\n}\n\nfunc (s *Server) Start() error {\n  return nil\n}\n\nfunc main() {\n}\n";
    expect(await definitions("cmd/main.go", source)).toEqual([
      "type:Server:3-5",
      "method:Server.Start:7-9",
      "function:main:11-12",
    ]);
  });

  it("Rust: structs, impl blocks (trait impls named as such) and their functions", async () => {
    const source =
      "use std::fmt;\n\npub struct Point { x: i32 }\n\nimpl Point {\n    pub fn new() -> Self { Point { x: 0 } }\n}\n\nimpl fmt::Display for Point {\n    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result { Ok(()) }\n}\n\nfn main() {}\n";
    expect(await definitions("src/lib.rs", source)).toEqual([
      "struct:Point:3-3",
      "impl:Point:5-7",
      "method:Point::new:6-6",
      "impl:<Point as fmt::Display>:9-11",
      "method:<Point as fmt::Display>::fmt:10-10",
      "function:main:13-13",
    ]);
  });

  it("Java: classes, constructors and methods", async () => {
    const source =
      "package x;\n\npublic class Account {\n  private int balance;\n  public Account() {}\n  public void deposit(int n) {\n    balance += n;\n  }\n}\n";
    expect(await definitions("src/Account.java", source)).toEqual([
      "class:Account:3-9",
      "constructor:Account.Account:5-5",
      "method:Account.deposit:6-8",
    ]);
  });

  it("splits a very long function into windows that keep its symbol", async () => {
    const body = Array.from({ length: 400 }, (_, i) => `  total += ${i};`).join("\n");
    const chunks = await chunkFile(
      "big.js",
      `function sum() {\n  let total = 0;\n${body}\n  return total;\n}\n`,
    );
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.every((c) => c.symbol === "sum" && c.kind === "function")).toBe(true);
    expect(chunks[0]?.startLine).toBe(1);
    expect(chunks.at(-1)?.endLine).toBe(404);
  });

  it("other text files get overlapping line windows", async () => {
    const lines = Array.from({ length: 130 }, (_, i) => `line ${i + 1}`);
    const chunks = await chunkFile("docs/notes.md", lines.join("\n"));
    const step = WINDOW_LINES - WINDOW_OVERLAP;
    expect(chunks.map((c) => [c.startLine, c.endLine])).toEqual([
      [1, WINDOW_LINES],
      [1 + step, step + WINDOW_LINES],
      [1 + 2 * step, 130],
    ]);
    expect(chunks[1]?.text.startsWith(`line ${1 + step}\n`)).toBe(true);
    expect(chunks.every((c) => c.kind === "lines" && c.symbol === undefined)).toBe(true);
    expect(lineWindows(["", "  ", ""])).toEqual([]);
  });

  it("maps extensions to grammars", () => {
    expect(languageOf("a/b.ts")).toBe(LANGUAGES.typescript);
    expect(languageOf("a/b.PY")).toBe(LANGUAGES.python);
    expect(languageOf("a.d/README")).toBeUndefined();
    expect(languageOf("Makefile")).toBeUndefined();
  });
});
