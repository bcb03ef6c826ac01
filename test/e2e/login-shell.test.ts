// A user's login profile is theirs, not the model's: commands run in `bash -c`, so a noisy profile (pyenv's rehash
// under a read-only $HOME, a mktemp it may not do) never reaches a sandboxed command's result. `login_shell = true`
// in config.toml asks for the profile back.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

vi.setConfig({ testTimeout: 120_000 });

const CONFIGURATIONS = [
  { name: "all layers", env: {} as NodeJS.ProcessEnv },
  { name: "namespaces off", env: { ART_SANDBOX_NO_USERNS: "1" } as NodeJS.ProcessEnv },
];

const NOISE = [
  'echo "pyenv: cannot rehash: $HOME/.pyenv/shims isn\'t writable" >&2',
  'mktemp "$HOME/.profile-XXXXXX" >/dev/null || echo "profile: mktemp failed" >&2',
  'echo "PROFILE-WAS-READ"',
].join("\n");

/** A HOME whose every profile file is noisy, and a workspace; returns what `art exec` printed. */
async function run(configuration: { env: NodeJS.ProcessEnv }, config: string) {
  const home = tempDir("art-user-home-");
  for (const file of [".bash_profile", ".bash_login", ".profile", ".bashrc"])
    writeFileSync(path.join(home, file), `${NOISE}\n`);
  const artHome = path.join(home, ".art-test");
  mkdirSync(artHome);
  writeFileSync(path.join(artHome, "config.toml"), config);
  const workspace = tempDir("art-ws-");
  const script = path.join(artHome, "script.json");
  writeFileSync(
    script,
    JSON.stringify({
      responses: [
        { toolCalls: [{ name: "shell", arguments: { command: "echo the-result" } }] },
        { text: "ok" },
      ],
    }),
  );
  const result = await runArt(["exec", "--json", "--model", `scripted:${script}`, "--cwd", workspace, "go"], {
    env: { ...configuration.env, HOME: home, ART_HOME: artHome },
  });
  expect(result.code, result.stderr).toBe(0);
  const events = jsonLines(result.stdout);
  expect(events.find((event) => event.type === "exec.begin")).toMatchObject({ sandbox: "workspace-write" });
  return String(events.find((event) => event.type === "tool.result")?.output);
}

describe("commands run in a non-login shell", () => {
  for (const configuration of CONFIGURATIONS) {
    it(`a noisy profile stays out of a sandboxed command's result (${configuration.name})`, async () => {
      const output = await run(configuration, "");
      expect(output).toContain("the-result");
      expect(output).not.toMatch(/pyenv|mktemp|PROFILE-WAS-READ/);
    });

    it(`login_shell = true sources the profile (${configuration.name})`, async () => {
      const output = await run(configuration, "login_shell = true\n");
      expect(output).toContain("the-result");
      expect(output).toContain("PROFILE-WAS-READ");
    });
  }
});
