import type { Node } from "web-tree-sitter";
import { expandWord, needsExpansion, type ShellChar, type TildeContext } from "./expand.js";

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
  /** Why the word cannot be analysed (a brace expansion too large to list), when that is so. */
  problem?: string;
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

/** The characters of a word node, each marked active when unquoted; undefined when a part is not literal. */
function shellChars(node: Node): ShellChar[] | undefined {
  switch (node.type) {
    case "word":
    case "brace_expression": {
      const chars: ShellChar[] = [];
      const source = node.text;
      for (let index = 0; index < source.length; index++) {
        const char = source[index]!;
        if (char === "\\" && index + 1 < source.length) {
          const next = source[++index]!;
          if (next !== "\n") chars.push({ char: next, active: false });
        } else chars.push({ char, active: true });
      }
      return chars;
    }
    case "concatenation": {
      const chars: ShellChar[] = [];
      let at = node.startIndex;
      for (const child of node.children) {
        if (!child) continue;
        // Text between children (unnamed tokens) is unquoted source.
        const gap = node.text.slice(at - node.startIndex, child.startIndex - node.startIndex);
        chars.push(...[...gap].map((char) => ({ char, active: true })));
        const inner = shellChars(child);
        if (!inner) return undefined;
        chars.push(...inner);
        at = child.endIndex;
      }
      chars.push(...[...node.text.slice(at - node.startIndex)].map((char) => ({ char, active: true })));
      return chars;
    }
    default: {
      if (!node.isNamed) return [...node.text].map((char) => ({ char, active: true }));
      const word = evaluateWord(node);
      if (!word.literal) return undefined;
      return [...word.value].map((char) => ({ char, active: false }));
    }
  }
}

/**
 * The words one argument node becomes after brace and tilde expansion (`~{,}` → `$HOME $HOME`). A word whose
 * value is only known at run time keeps its source text, as {@link evaluateWord} does.
 */
export function expandedWords(node: Node, context: TildeContext): Word[] {
  const plain = evaluateWord(node);
  if (plain.substitution) return [plain];
  const chars = shellChars(node);
  if (!chars || !needsExpansion(chars)) {
    if (!chars && /[{]/.test(node.text)) {
      // Dynamic parts plus braces: expand the source text so `$HOME{,}` still shows as `$HOME` twice.
      const expansion = expandWord(
        [...node.text].map((char) => ({ char, active: true })),
        { home: undefined, cwd: undefined },
      );
      if (expansion.ok && expansion.words.length > 1)
        return expansion.words.map((text) => ({
          ...plain,
          text: text ?? plain.text,
          value: text ?? plain.text,
        }));
    }
    return [plain];
  }
  const expansion = expandWord(chars, context);
  if (!expansion.ok) return [{ ...plain, literal: false, problem: expansion.problem }];
  const glob = chars.some((item) => item.active && /[*?[]/.test(item.char));
  return expansion.words.map((value) =>
    value === undefined
      ? { ...plain, literal: false, glob }
      : { text: value, value, literal: true, quoted: plain.quoted, glob, substitution: false },
  );
}
