import { createRequire } from "node:module";
import type { Parser } from "web-tree-sitter";
import { GrammarLoadError } from "../errors/index.js";
import type { LanguageSpec } from "./languages.js";

const parsers = new Map<string, Promise<Parser>>();

/**
 * A parser for a language, loaded on first use: web-tree-sitter's runtime and the grammar's prebuilt WASM file from
 * its npm package, found with Node's resolver (nothing downloads). A failed load is forgotten so a later call retries.
 */
export function loadParser(spec: LanguageSpec): Promise<Parser> {
  let loading = parsers.get(spec.id);
  if (!loading) {
    loading = (async () => {
      try {
        const { Parser, Language } = await import("web-tree-sitter");
        await Parser.init();
        const require = createRequire(import.meta.url);
        const language = await Language.load(require.resolve(spec.wasm));
        const parser = new Parser();
        parser.setLanguage(language);
        return parser;
      } catch (error) {
        parsers.delete(spec.id);
        throw new GrammarLoadError(spec.id, error);
      }
    })();
    parsers.set(spec.id, loading);
  }
  return loading;
}
