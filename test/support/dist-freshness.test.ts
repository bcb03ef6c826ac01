import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { assertBuildFresh, staleBuildOutput } from "./dist-freshness.js";
import { tempDir } from "./temp-workspace.js";

function project(): string {
  const root = tempDir("fresh-");
  mkdirSync(path.join(root, "src", "cli"), { recursive: true });
  mkdirSync(path.join(root, "dist", "cli"), { recursive: true });
  writeFileSync(path.join(root, "src", "cli", "main.ts"), "export {};\n");
  writeFileSync(path.join(root, "src", "cli", "main.test.ts"), "export {};\n");
  writeFileSync(path.join(root, "dist", "cli", "main.js"), "export {};\n");
  mkdirSync(path.join(root, "src", "cli", "testing"));
  writeFileSync(path.join(root, "src", "cli", "testing", "child.ts"), "export {};\n");
  writeFileSync(
    path.join(root, "tsconfig.build.json"),
    JSON.stringify({ exclude: ["src/**/*.test.ts", "src/**/testing/**"] }),
  );
  return root;
}

function age(file: string, seconds: number): void {
  const when = new Date(Date.now() - seconds * 1000);
  utimesSync(file, when, when);
}

describe("the build-freshness check of the e2e tests", () => {
  it("passes when every source file's output is at least as new", () => {
    const root = project();
    age(path.join(root, "src", "cli", "main.ts"), 60);
    expect(staleBuildOutput(root)).toBeUndefined();
  });

  it("names the source file changed after its output was built, and says what to run", () => {
    const root = project();
    age(path.join(root, "dist", "cli", "main.js"), 60);
    expect(() => assertBuildFresh(root)).toThrow(
      /src\/cli\/main\.ts changed after dist\/cli\/main\.js.*npm run build/,
    );
  });

  it("counts a bundle older than a source file as stale (bin/art runs the bundle)", () => {
    const root = project();
    age(path.join(root, "src", "cli", "main.ts"), 60);
    mkdirSync(path.join(root, "dist", "bundle"));
    writeFileSync(path.join(root, "dist", "bundle", "cli.js"), "export {};\n");
    age(path.join(root, "dist", "bundle", "cli.js"), 120);
    expect(staleBuildOutput(root)?.output).toBe(path.join(root, "dist", "bundle", "cli.js"));
  });

  it("counts a source file with no output at all (added since the build) as stale; what the build excludes does not count", () => {
    const root = project();
    age(path.join(root, "src", "cli", "main.ts"), 60);
    writeFileSync(path.join(root, "src", "cli", "new-command.ts"), "export {};\n");
    expect(staleBuildOutput(root)?.source).toBe(path.join(root, "src", "cli", "new-command.ts"));
  });
});
