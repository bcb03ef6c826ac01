import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import { type CodeCacheKey, cacheFileName, readCacheFile, writeCacheFile } from "./cache-file.js";

/** What {@link loadWithCodeCache} needs to know. */
export interface CodeCacheOptions {
  /** Absolute path of the CommonJS bundle to run. */
  file: string;
  /** Identifies this build of the bundle (its SHA-256, taken when it was built); no cache without one. */
  buildId: string | undefined;
  /**
   * Which use of the bundle this is (the CLI's command): each gets its own entry, holding the functions that use
   * compiled, so an `art --help` run first does not leave `art exec` an entry without the code it needs.
   */
  flavour: string;
  /** The directory for entries (see `codeCacheDir`); `undefined`: compile afresh, write nothing. */
  cacheDir: string | undefined;
}

/** How the code cache served this run. */
export type CodeCacheStatus = "hit" | "miss" | "rejected" | "off";

/** A loaded bundle: its exports, how the cache did, and the call that saves an entry when there was none. */
export interface LoadedBundle<Exports> {
  exports: Exports;
  status: CodeCacheStatus;
  /**
   * Stores the code V8 has compiled so far (call it late, e.g. at exit, so the functions the run used are in it).
   * Does nothing after a hit, when the cache is off, or on a second call.
   */
  saveCache(): void;
}

/**
 * Runs a CommonJS bundle through `vm.Script` with V8's code cache, the start-up lever Node 20 offers (ES modules
 * get no code cache before Node 22's `module.enableCompileCache`). The bundle is wrapped as Node wraps a CommonJS
 * module, plus `__artImportMetaUrl` (what the build turns `import.meta.url` into) and `__artImport` (what it turns
 * `import()` into: the packages it leaves outside are ES modules, loaded by Node's own loader from here; a relative
 * specifier is taken relative to the bundle, a bare one is resolved from this module, which the build puts beside
 * the bundle). Not `vm`'s `importModuleDynamically`: on Node 20 a script compiled from cached data loses it, and
 * its `import()` then throws `ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING`. Cached data V8 rejects (another V8 build,
 * other flags) is ignored and replaced; an entry that fails our checks is never handed to V8 (see `readCacheFile`).
 *
 * @example
 * const cli = loadWithCodeCache<{ runCli(argv: string[]): Promise<number> }>({
 *   file: "/pkg/dist/bundle/cli.cjs", buildId, flavour: "exec", cacheDir: codeCacheDir(process.env),
 * });
 * process.once("exit", () => cli.saveCache());
 * process.exitCode = await cli.exports.runCli(process.argv.slice(2));
 */
export function loadWithCodeCache<Exports>(options: CodeCacheOptions): LoadedBundle<Exports> {
  const source = readFileSync(options.file, "utf8");
  const entry = cacheEntry(options);
  const cachedData = entry ? readCacheFile(entry.file, entry.key) : undefined;
  const wrapped = `(function (exports, require, module, __filename, __dirname, __artImportMetaUrl, __artImport) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: options.file, ...(cachedData ? { cachedData } : {}) });
  const status: CodeCacheStatus = !entry
    ? "off"
    : !cachedData
      ? "miss"
      : script.cachedDataRejected
        ? "rejected"
        : "hit";
  const module = { exports: {} as Exports };
  const url = pathToFileURL(options.file).href;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(
    module.exports,
    createRequire(options.file),
    module,
    options.file,
    path.dirname(options.file),
    url,
    (specifier: string) => import(specifier.startsWith(".") ? new URL(specifier, url).href : specifier),
  );
  let saved = status === "hit" || status === "off";
  return {
    exports: module.exports,
    status,
    saveCache() {
      if (saved || !entry) return;
      saved = true;
      try {
        writeCacheFile(entry.file, entry.key, script.createCachedData());
      } catch {} // the cache only saves time
    },
  };
}

function cacheEntry(options: CodeCacheOptions): { file: string; key: CodeCacheKey } | undefined {
  if (!options.cacheDir || !options.buildId || !/^[0-9a-f]{16,}$/.test(options.buildId)) return undefined;
  if (!/^[a-z0-9-]{1,32}$/.test(options.flavour)) return undefined;
  const stat = statSync(options.file);
  return {
    file: path.join(options.cacheDir, cacheFileName(options.buildId, options.flavour)),
    key: {
      buildId: options.buildId,
      bundleSize: stat.size,
      bundleMtimeMs: stat.mtimeMs,
      node: process.version,
      arch: process.arch,
    },
  };
}
