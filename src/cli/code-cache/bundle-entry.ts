// The entry `bin/art` starts when the CLI is built: dist/bundle/start.js, a few kB, made by scripts/build-bundle.mjs
// from this file. It runs the CLI's CommonJS bundle (dist/bundle/cli.cjs, beside it) through V8's code cache, so a
// run compiles only what the previous run of the same command did not leave compiled. Not used unbundled.
import { fileURLToPath } from "node:url";
import { codeCacheDir, loadWithCodeCache } from "./index.js";

/** Set by the build to the SHA-256 of cli.cjs; absent (no cache) if this file is ever run unbundled. */
declare const __ART_CLI_BUILD_ID__: string | undefined;

interface Cli {
  runCli(argv: string[]): Promise<number>;
}

/** The first argument when it names a command, else `cli`: one cache entry per command (see `loadWithCodeCache`). */
function flavourOf(argv: string[]): string {
  const first = argv[0] ?? "";
  return /^[a-z][a-z-]{0,31}$/.test(first) ? first : "cli";
}

/**
 * Runs the CLI as `dist/cli/main.js`'s `runCli` does, from the code-cached bundle; saves a cache entry at exit when
 * there was none (at exit, so the entry holds what this command compiled; `process.exit` still runs it).
 *
 * @example
 * process.exitCode = await runCli(process.argv.slice(2));
 */
export async function runCli(argv: string[]): Promise<number> {
  const cli = loadWithCodeCache<Cli>({
    file: fileURLToPath(new URL("./cli.cjs", import.meta.url)),
    buildId: typeof __ART_CLI_BUILD_ID__ === "string" ? __ART_CLI_BUILD_ID__ : undefined,
    flavour: flavourOf(argv),
    cacheDir: codeCacheDir(process.env),
  });
  process.once("exit", () => cli.saveCache());
  return cli.exports.runCli(argv);
}
