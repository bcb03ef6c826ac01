import type { Node } from "web-tree-sitter";
import type { FileChunk } from "./chunk.js";
import { loadParser } from "./grammar-loader.js";
import type { DefinitionRule, LanguageSpec } from "./languages.js";
import { lineWindows } from "./line-chunker.js";

/** A definition longer than this is split into windows that keep its symbol. */
export const MAX_DEFINITION_LINES = 150;
/** Text stored for one chunk is capped (a container's text repeats its members'; search only needs its start). */
export const MAX_CHUNK_CHARS = 6000;

const FUNCTION_VALUES = new Set([
  "arrow_function",
  "function_expression",
  "function",
  "generator_function",
  "class",
]);

interface Walk {
  spec: LanguageSpec;
  lines: readonly string[];
  chunks: FileChunk[];
}

function lineOf(row: number): number {
  return row + 1;
}

function endLineOf(node: Node): number {
  // A node ending at column 0 ends on the line before (its last newline belongs to it).
  const { row, column } = node.endPosition;
  return column === 0 && row > node.startPosition.row ? row : row + 1;
}

/** The definition's own name, or undefined when the node is not a definition after all. */
function nameOf(node: Node, rule: DefinitionRule, spec: LanguageSpec): string | undefined {
  if (node.type === "variable_declarator") {
    const value = node.childForFieldName("value");
    if (!value || !FUNCTION_VALUES.has(value.type)) return undefined;
  }
  const named = node.childForFieldName(rule.nameField ?? "name");
  let name = named?.text;
  if (!name) return node.type === "class" ? "(anonymous class)" : undefined;
  if (spec.id === "rust" && node.type === "impl_item") {
    const trait = node.childForFieldName("trait")?.text;
    if (trait) name = `<${name} as ${trait}>`;
  }
  if (spec.id === "go" && node.type === "method_declaration") {
    // `func (s *Server) Start()` is `Server.Start`.
    const receiver = node.childForFieldName("receiver")?.text ?? "";
    const type = /([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]]*\])?\s*\)\s*$/.exec(receiver)?.[1];
    if (type) name = `${type}.${name}`;
  }
  return name;
}

const COMMENTS = new Set(["comment", "line_comment", "block_comment"]);

/**
 * The first of the comments right above a definition (its doc comment; one blank line between is common, as in
 * `/** … *\/\n\nfunction parse`), or the node itself: they belong together.
 */
function leadingComments(node: Node): Node {
  let first = node;
  let previous = node.previousSibling;
  while (previous && COMMENTS.has(previous.type) && previous.endPosition.row >= first.startPosition.row - 2) {
    first = previous;
    previous = previous.previousSibling;
  }
  return first;
}

function emit(walk: Walk, start: number, end: number, kind: string, symbol: string): void {
  if (end - start + 1 > MAX_DEFINITION_LINES) {
    walk.chunks.push(...lineWindows(walk.lines, start, end, { symbol, kind }));
    return;
  }
  const text = walk.lines
    .slice(start - 1, end)
    .join("\n")
    .slice(0, MAX_CHUNK_CHARS);
  walk.chunks.push({ startLine: start, endLine: end, kind, symbol, text });
}

/** Visits one node; returns the line range it covered with definitions (for the top level's gaps), if any. */
function visit(walk: Walk, node: Node, prefix: string, outer: Node): [number, number] | undefined {
  const rule = walk.spec.definitions[node.type];
  if (rule) {
    const name = nameOf(node, rule, walk.spec);
    if (name !== undefined) {
      const symbol = prefix ? `${prefix}${walk.spec.separator}${name}` : name;
      const start = lineOf(leadingComments(outer).startPosition.row);
      const end = endLineOf(outer);
      emit(walk, start, end, prefix && rule.kind === "function" ? "method" : rule.kind, symbol);
      if (rule.container) {
        const body = node.childForFieldName("body") ?? node;
        for (const child of body.namedChildren) if (child) visit(walk, child, symbol, child);
      }
      return [start, end];
    }
  }
  if (walk.spec.wrappers.includes(node.type)) {
    let covered: [number, number] | undefined;
    for (const child of node.namedChildren) {
      if (!child) continue;
      // A wrapper around exactly one definition (export, decorator) lends it its first line.
      const lends = node.namedChildCount === 1 || node.type === "decorated_definition";
      const range = visit(walk, child, prefix, lends && node.type !== "statement_block" ? node : child);
      if (range) covered = covered ? [Math.min(covered[0], range[0]), Math.max(covered[1], range[1])] : range;
    }
    return covered;
  }
  return undefined;
}

/**
 * Chunks source code along its definitions with tree-sitter: functions, classes and their methods, types, each
 * with its symbol (`Class.method`) and 1-based line range; code outside any definition is chunked by line windows.
 *
 * @example
 * ```ts
 * const chunks = await chunkCode("export function add(a, b) { return a + b; }", LANGUAGES.typescript);
 * // [{ startLine: 1, endLine: 1, kind: "function", symbol: "add", text: "export function add(a, b) { …" }]
 * ```
 */
export async function chunkCode(source: string, spec: LanguageSpec): Promise<FileChunk[]> {
  const parser = await loadParser(spec);
  const tree = parser.parse(source);
  if (!tree) return lineWindows(source.split("\n"));
  try {
    const walk: Walk = { spec, lines: source.split("\n"), chunks: [] };
    const covered: Array<[number, number]> = [];
    for (const child of tree.rootNode.namedChildren) {
      if (!child) continue;
      const range = visit(walk, child, "", child);
      if (range) covered.push(range);
    }
    // Top-level code between definitions (imports, constants, scripts) still gets searched.
    let next = 1;
    const gaps: FileChunk[] = [];
    for (const [start, end] of covered) {
      if (start > next) gaps.push(...lineWindows(walk.lines, next, start - 1));
      next = Math.max(next, end + 1);
    }
    if (next <= walk.lines.length) gaps.push(...lineWindows(walk.lines, next, walk.lines.length));
    return [...walk.chunks, ...gaps].sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  } finally {
    tree.delete();
  }
}
