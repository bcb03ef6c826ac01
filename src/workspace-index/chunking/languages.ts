/** How a definition node is named and whether its body holds further definitions (a class's methods). */
export interface DefinitionRule {
  kind: string;
  /** Look inside for nested definitions, named `<this>.<inner>` (or `::` for Rust). */
  container?: boolean;
  /** Field holding the name (default `name`). */
  nameField?: string;
}

/** A language the code chunker understands: the npm package and file of its prebuilt WASM grammar, and its rules. */
export interface LanguageSpec {
  id: string;
  wasm: string;
  separator: string;
  definitions: Readonly<Record<string, DefinitionRule>>;
  /** Nodes that wrap a definition without being one (`export`, decorators): looked through. */
  wrappers: readonly string[];
}

const JS_DEFINITIONS: Record<string, DefinitionRule> = {
  function_declaration: { kind: "function" },
  generator_function_declaration: { kind: "function" },
  class_declaration: { kind: "class", container: true },
  abstract_class_declaration: { kind: "class", container: true },
  class: { kind: "class", container: true },
  method_definition: { kind: "method" },
  interface_declaration: { kind: "interface" },
  type_alias_declaration: { kind: "type" },
  enum_declaration: { kind: "enum" },
  // `const f = () => …` is named by its declarator; see code-chunker.ts.
  variable_declarator: { kind: "function" },
  internal_module: { kind: "namespace", container: true },
};
const JS_WRAPPERS = ["export_statement", "lexical_declaration", "variable_declaration", "statement_block"];

const TS: Omit<LanguageSpec, "id" | "wasm"> = {
  separator: ".",
  definitions: JS_DEFINITIONS,
  wrappers: JS_WRAPPERS,
};

/** The languages with a grammar, by id. */
export const LANGUAGES: Readonly<Record<string, LanguageSpec>> = {
  typescript: { id: "typescript", wasm: "tree-sitter-typescript/tree-sitter-typescript.wasm", ...TS },
  tsx: { id: "tsx", wasm: "tree-sitter-typescript/tree-sitter-tsx.wasm", ...TS },
  javascript: { id: "javascript", wasm: "tree-sitter-javascript/tree-sitter-javascript.wasm", ...TS },
  python: {
    id: "python",
    wasm: "tree-sitter-python/tree-sitter-python.wasm",
    separator: ".",
    definitions: {
      function_definition: { kind: "function" },
      class_definition: { kind: "class", container: true },
    },
    wrappers: ["decorated_definition"],
  },
  go: {
    id: "go",
    wasm: "tree-sitter-go/tree-sitter-go.wasm",
    separator: ".",
    definitions: {
      function_declaration: { kind: "function" },
      method_declaration: { kind: "method" },
      type_spec: { kind: "type" },
    },
    wrappers: ["type_declaration"],
  },
  rust: {
    id: "rust",
    wasm: "tree-sitter-rust/tree-sitter-rust.wasm",
    separator: "::",
    definitions: {
      function_item: { kind: "function" },
      struct_item: { kind: "struct" },
      enum_item: { kind: "enum" },
      trait_item: { kind: "trait", container: true },
      impl_item: { kind: "impl", container: true, nameField: "type" },
      mod_item: { kind: "module", container: true },
    },
    wrappers: ["declaration_list"],
  },
  java: {
    id: "java",
    wasm: "tree-sitter-java/tree-sitter-java.wasm",
    separator: ".",
    definitions: {
      class_declaration: { kind: "class", container: true },
      interface_declaration: { kind: "interface", container: true },
      enum_declaration: { kind: "enum", container: true },
      record_declaration: { kind: "record", container: true },
      method_declaration: { kind: "method" },
      constructor_declaration: { kind: "constructor" },
    },
    wrappers: ["class_body", "interface_body", "enum_body", "enum_body_declarations"],
  },
};

const BY_EXTENSION: Readonly<Record<string, string>> = {
  ".ts": "typescript",
  ".mts": "typescript",
  ".cts": "typescript",
  ".tsx": "tsx",
  ".js": "javascript",
  ".mjs": "javascript",
  ".cjs": "javascript",
  ".jsx": "javascript",
  ".py": "python",
  ".pyi": "python",
  ".go": "go",
  ".rs": "rust",
  ".java": "java",
};

/** The language of a path by its extension, or undefined (indexed by line windows). */
export function languageOf(path: string): LanguageSpec | undefined {
  const dot = path.lastIndexOf(".");
  if (dot < 0 || path.lastIndexOf("/") > dot) return undefined;
  const id = BY_EXTENSION[path.slice(dot).toLowerCase()];
  return id ? LANGUAGES[id] : undefined;
}
