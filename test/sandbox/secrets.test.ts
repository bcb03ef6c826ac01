// Secrets: every default credential store is unreadable in both configurations; config.toml extends the list in
// any layer and reduces it only in the user's own; `art sandbox` withholds secret environment variables like
// `art exec` does.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CliIO } from "../../src/cli/command.js";
import { runCli } from "../../src/cli/main.js";
import { DENIED_HOME_PATHS, detectSandboxCapabilities } from "../../src/sandbox/index.js";
import { CONFIGURATIONS, createWorld, runSandboxed, type World } from "./harness.js";

const runnable = process.platform === "linux" && detectSandboxCapabilities().launcher.available;

/** Entries of the default list that are files rather than directories. */
const FILES = new Set([
  ".vault-token",
  ".terraform.d/credentials.tfrc.json",
  ".git-credentials",
  ".config/git/credentials",
  ".netrc",
  ".npmrc",
  ".yarnrc.yml",
  ".pypirc",
  ".cargo/credentials",
  ".cargo/credentials.toml",
  ".gem/credentials",
  ".pgpass",
  ".my.cnf",
]);

/** Plants the world's secret in every default credential store; returns the files that hold it. */
function plantSecrets(world: World): string[] {
  return DENIED_HOME_PATHS.map((name) => {
    const target = path.join(world.home, name);
    const file = FILES.has(name) ? target : path.join(target, "hosts.yml");
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${world.secret}\n`);
    return file;
  });
}

function captureIO(cwd: string, env: NodeJS.ProcessEnv): { io: CliIO; stdout: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end();
  let out = "";
  stdout.on("data", (chunk: Buffer) => {
    out += chunk;
  });
  stderr.resume();
  return {
    io: { stdout, stderr, stdin, stdoutIsTTY: false, stdinIsTTY: false, env, cwd },
    stdout: () => out,
  };
}

describe.skipIf(!runnable).each(CONFIGURATIONS)("secrets: $name", (configuration) => {
  let world: World;
  beforeEach(() => {
    world = createWorld({ gitRepo: false });
  });
  afterEach(() => world.dispose());

  it("reads none of the default credential stores", async () => {
    const files = plantSecrets(world);
    const result = await runSandboxed(world, configuration, [
      "/bin/sh",
      "-c",
      'for file in "$@"; do cat "$file" 2>/dev/null; done; echo finished',
      "sh",
      ...files,
    ]);
    expect(result.stdout).toBe("finished\n");
  });

  it("art sandbox: denies what config.toml adds, gives back only what the user allows, and withholds secrets", async () => {
    plantSecrets(world);
    const extra = path.join(world.home, "work-secrets.txt");
    writeFileSync(extra, `${world.secret}\n`);
    writeFileSync(
      path.join(world.artHome, "config.toml"),
      'deny_read = ["~/work-secrets.txt"]\nallow_read = ["~/.npmrc"]\n',
    );
    // A project may add denials but not lift them.
    mkdirSync(path.join(world.workspace, ".git"));
    mkdirSync(path.join(world.workspace, ".art"));
    writeFileSync(
      path.join(world.workspace, ".art", "config.toml"),
      'allow_read = ["~/.ssh", "~/.pypirc"]\n',
    );
    const env = {
      PATH: process.env.PATH,
      HOME: world.home,
      ART_HOME: world.artHome,
      OPENAI_API_KEY: `sk-${world.token}`,
      GITHUB_TOKEN: `ghp_${world.token}`,
      ...configuration.env,
    };
    const run = captureIO(world.workspace, env);
    const code = await runCli(
      [
        "sandbox",
        "--",
        "/bin/sh",
        "-c",
        'env; for file in "$@"; do printf "%s: [%s]\\n" "$file" "$(cat "$file" 2>/dev/null)"; done',
        "sh",
        extra,
        path.join(world.home, ".npmrc"),
        path.join(world.home, ".pypirc"),
        path.join(world.home, ".ssh", "hosts.yml"),
      ],
      run.io,
    );
    expect(code).toBe(0);
    const output = run.stdout();
    expect(output).not.toContain(`sk-${world.token}`);
    expect(output).not.toContain(`ghp_${world.token}`);
    expect(output).toContain(`${extra}: []\n`);
    expect(output).toContain(`${path.join(world.home, ".npmrc")}: [${world.secret}]\n`);
    expect(output).toContain(`${path.join(world.home, ".pypirc")}: []\n`);
    expect(output).toContain(`${path.join(world.home, ".ssh", "hosts.yml")}: []\n`);
    expect(output).toContain(`HOME=${world.home}\n`);
  });
});
