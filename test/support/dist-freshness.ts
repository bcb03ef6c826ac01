import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

/** A tsconfig `exclude` glob (`**`, `*`) as a regular expression over repository-relative paths. */
function globPattern(glob: string): RegExp {
  const body = glob
    .split(/(\*\*\/|\*\*|\*)/)
    .map((part) => {
      if (part === "**/") return "(?:.*/)?";
      if (part === "**") return ".*";
      if (part === "*") return "[^/]*";
      return part.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${body}$`);
}

/** What `tsconfig.build.json` leaves out of the build (tests, fixtures, test-only helpers). */
function buildExcludes(repoRoot: string): RegExp[] {
  const config = JSON.parse(readFileSync(path.join(repoRoot, "tsconfig.build.json"), "utf8")) as {
    exclude?: string[];
  };
  return (config.exclude ?? []).map(globPattern);
}

/** Source files under `dir` (recursively) that the build compiles. */
function sourceFiles(repoRoot: string, dir: string, excludes: RegExp[]): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(repoRoot, full, excludes);
    if (!entry.name.endsWith(".ts") || entry.name.endsWith(".d.ts")) return [];
    const relative = path.relative(repoRoot, full).split(path.sep).join("/");
    return excludes.some((exclude) => exclude.test(relative)) ? [] : [full];
  });
}

function mtimeMs(file: string): number | undefined {
  return statSync(file, { throwIfNoEntry: false })?.mtimeMs;
}

/**
 * The first source file whose build output is missing or older than it, or undefined when `dist/` is up to date.
 * Tests that spawn `bin/art` run `dist/`: without this check they would pass or fail on yesterday's code.
 */
export function staleBuildOutput(repoRoot: string): { source: string; output: string } | undefined {
  const src = path.join(repoRoot, "src");
  // `bin/art` runs the bundle when there is one (made from dist/ by `npm run build`): it must be as new too.
  const bundle = path.join(repoRoot, "dist", "bundle", "cli.js");
  const bundled = mtimeMs(bundle);
  for (const source of sourceFiles(repoRoot, src, buildExcludes(repoRoot))) {
    const relative = path.relative(src, source).replace(/\.ts$/, ".js");
    const output = path.join(repoRoot, "dist", relative);
    const built = mtimeMs(output);
    const changed = mtimeMs(source) ?? 0;
    if (built === undefined || built < changed) return { source, output };
    if (bundled !== undefined && bundled < changed) return { source, output: bundle };
  }
  return undefined;
}

/** Throws an error that says what to run when `dist/` is older than `src/`. */
export function assertBuildFresh(repoRoot: string): void {
  const stale = staleBuildOutput(repoRoot);
  if (!stale) return;
  const source = path.relative(repoRoot, stale.source);
  const output = path.relative(repoRoot, stale.output);
  throw new Error(
    `dist/ is older than src/ (${source} changed after ${output} was built, or it was never built): ` +
      "these tests run the built CLI, so run `npm run build` first (`npm test` does).",
  );
}
