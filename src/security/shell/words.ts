import type { Node } from "web-tree-sitter";

/** A shell word, evaluated as far as it can be without running anything. */
export interface Word {
  /** Source text. */
  text: string;
  /** The value bash would pass, when `literal`; otherwise the source text. */
  value: string;
  /** False when the value depends on expansions (variables, substitutions, brace expansion). */
  literal: boolean;
  /** True when any part of it was quoted or backslash-escaped. */
  quoted: boolean;
  /** True when it contains unquoted glob characters (`*`, `?`, `[`). */
  glob: boolean;
  /** True when it contains `$(...)`, backticks or `<(...)`. */
  substitution: boolean;
}

function unescapeBare(text: string): { value: string; escaped: boolean; glob: boolean } {
  let value = "";
  let escaped = false;
  let glob = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === "\\" && i + 1 < text.length) {
      escaped = true;
      const next = text[++i]!;
      if (next !== "\n") value += next;
      continue;
    }
    if (char === "*" || char === "?" || char === "[") glob = true;
    value += char;
  }
  return { value, escaped, glob };
}

function unescapeDouble(text: string): string {
  return text.replace(/\\([\\"$`\n])/g, (_match, char: string) => (char === "\n" ? "" : char));
}

function decodeAnsiC(body: string): string {
  const simple: Record<string, string> = {
    n: "\n",
    t: "\t",
    r: "\r",
    a: "\x07",
    b: "\b",
    e: "\x1b",
    E: "\x1b",
  };
  return body.replace(
    /\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|.)/g,
    (_match, sequence: string) => {
      const head = sequence[0]!;
      if (head === "x" || head === "u" || head === "U")
        return String.fromCodePoint(Number.parseInt(sequence.slice(1), 16));
      if (/[0-7]/.test(head)) return String.fromCharCode(Number.parseInt(sequence, 8));
      return simple[sequence] ?? sequence;
    },
  );
}

const SUBSTITUTIONS = ["command_substitution", "process_substitution"];

function hasSubstitution(node: Node): boolean {
  return SUBSTITUTIONS.includes(node.type) || node.descendantsOfType(SUBSTITUTIONS).length > 0;
}

function dynamic(node: Node, quoted = false): Word {
  return {
    text: node.text,
    value: node.text,
    literal: false,
    quoted,
    glob: false,
    substitution: hasSubstitution(node),
  };
}

/** Evaluates one word node (`word`, `string`, `raw_string`, `concatenation`, expansions, ...). */
export function evaluateWord(node: Node): Word {
  const text = node.text;
  switch (node.type) {
    case "word":
    case "number":
    case "file_descriptor": {
      const { value, escaped, glob } = unescapeBare(text);
      return { text, value, literal: true, quoted: escaped, glob, substitution: false };
    }
    case "raw_string":
      return {
        text,
        value: text.slice(1, -1),
        literal: true,
        quoted: true,
        glob: false,
        substitution: false,
      };
    case "ansi_c_string":
      return {
        text,
        value: decodeAnsiC(text.slice(2, -1)),
        literal: true,
        quoted: true,
        glob: false,
        substitution: false,
      };
    case "string":
    case "translated_string": {
      const parts = node.namedChildren.filter((child) => child !== null);
      if (parts.some((child) => child.type !== "string_content")) return dynamic(node, true);
      const inner = text.slice(text.indexOf('"') + 1, -1);
      return {
        text,
        value: unescapeDouble(inner),
        literal: true,
        quoted: true,
        glob: false,
        substitution: false,
      };
    }
    case "concatenation": {
      const parts = node.namedChildren.filter((child) => child !== null).map(evaluateWord);
      const literal = parts.every((part) => part.literal);
      const bare = node.namedChildren
        .filter((child) => child !== null && child.type === "word")
        .map((child) => child!.text)
        .join("");
      // Brace expansion ({a,b}, {1..3}) turns one word into several: not a literal.
      const brace = /\{[^{}]*(,|\.\.)[^{}]*\}/.test(bare) && node.text.includes("{");
      return {
        text,
        value: literal && !brace ? parts.map((part) => part.value).join("") : text,
        literal: literal && !brace,
        quoted: parts.some((part) => part.quoted),
        glob: parts.some((part) => part.glob),
        substitution: parts.some((part) => part.substitution),
      };
    }
    default:
      return dynamic(node);
  }
}
