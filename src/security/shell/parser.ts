import { createRequire } from "node:module";
import type { Parser } from "web-tree-sitter";
import { ShellParserError } from "../errors/shell-parser-error.js";

let loading: Promise<Parser> | undefined;

/**
 * The bash parser, loaded on first use: web-tree-sitter's runtime plus tree-sitter-bash's WASM grammar, found
 * through Node's resolver so it works from any install layout. A failed load is remembered only until the next call.
 */
export function loadBashParser(): Promise<Parser> {
  loading ??= (async () => {
    try {
      const { Parser, Language } = await import("web-tree-sitter");
      await Parser.init();
      const require = createRequire(import.meta.url);
      const language = await Language.load(require.resolve("tree-sitter-bash/tree-sitter-bash.wasm"));
      const parser = new Parser();
      parser.setLanguage(language);
      return parser;
    } catch (error) {
      loading = undefined;
      throw new ShellParserError(error);
    }
  })();
  return loading;
}
