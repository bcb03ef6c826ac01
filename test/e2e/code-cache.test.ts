// `bin/art` runs the CLI's CommonJS bundle through V8's code cache (src/cli/code-cache/): the first run of a command
// leaves an entry in the per-user cache directory, later runs use it and leave it as it is, and the CLI behaves the
// same either way.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startMockLlmServer } from "../support/mock-llm-server/index.js";
import { runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

function art(args: string[], env: NodeJS.ProcessEnv) {
  return runArt(args, { env });
}

/** `art exec` in `workspace` against a mock server of its own that answers `text`. */
async function execAnswered(text: string, workspace: string, env: NodeJS.ProcessEnv) {
  const server = await startMockLlmServer({ responses: [{ text }] });
  try {
    const args = ["exec", "--model", "openai:gpt-test", "--base-url", `${server.url}/v1`];
    return await art([...args, "--cwd", workspace, "answer"], env);
  } finally {
    await server.close();
  }
}

describe("the code cache of `art`", () => {
  it("is written by a command's first run and used, unchanged, by the next", async () => {
    const cacheHome = tempDir("art-xdg-");
    const cacheDir = path.join(cacheHome, "agent-runtime", "code-cache");
    const env = { ART_HOME: tempDir("art-home-"), OPENAI_API_KEY: "test", XDG_CACHE_HOME: cacheHome };
    const workspace = tempDir("art-ws-");

    const first = await execAnswered("First.", workspace, env);
    expect(first.stderr).not.toMatch(/internal error/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("First.");
    const written = readdirSync(cacheDir);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/^[0-9a-f]{16}-exec\.bin$/);
    const entry = path.join(cacheDir, written[0]!);
    const before = statSync(entry);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(before.mode & 0o777).toBe(0o600);

    const second = await execAnswered("Second.", workspace, env);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Second.");
    expect(readdirSync(cacheDir)).toEqual(written);
    expect(statSync(entry).ino).toBe(before.ino);
    expect(statSync(entry).mtimeMs).toBe(before.mtimeMs);
  });

  it("is not written with ART_CODE_CACHE=0, nor by the small commands (they run the ES module chunks)", async () => {
    const cacheHome = tempDir("art-xdg-");
    const env = { ART_HOME: tempDir("art-home-"), XDG_CACHE_HOME: cacheHome };
    const off = await execAnswered("Off.", tempDir("art-ws-"), {
      ...env,
      OPENAI_API_KEY: "test",
      ART_CODE_CACHE: "0",
    });
    expect(off.code).toBe(0);
    expect(off.stdout).toContain("Off.");
    const sessions = await art(["sessions"], env);
    expect(sessions.code).toBe(0);
    expect(sessions.stdout).toContain("ses_");
    const help = await art(["--help"], env);
    expect(help.code).toBe(0);
    expect(readdirSync(cacheHome)).toEqual([]);
  });
});
