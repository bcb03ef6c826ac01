// Item 3 of issue 9: a file tool never reads or writes what a sandboxed command of the same session could not.
// The shell plants the links from inside the real sandbox; the file tools then run through the real tool path.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIGURATIONS } from "../sandbox/harness.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { git, tempDir, writeTree } from "../support/temp-workspace.js";

type Call = { name: string; arguments: Record<string, unknown> };

function script(dir: string, calls: Call[]): string {
  const file = path.join(dir, `script-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(
    file,
    JSON.stringify({ responses: [...calls.map((call) => ({ toolCalls: [call] })), { text: "done" }] }),
  );
  return `scripted:${file}`;
}

/** Every byte under `dir` (the journal, the audit log), to prove a secret never reached them. */
function allBytes(dir: string, skip: string): string {
  let text = "";
  for (const entry of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    const file = path.join(dir, entry);
    if (file === skip || !statSync(file).isFile()) continue;
    text += readFileSync(file, "latin1");
  }
  return text;
}

describe.each(CONFIGURATIONS)("file tools follow the sandbox's policy ($name)", (configuration) => {
  it("links the shell plants to ~/.ssh and $ART_HOME are not read, and nothing secret reaches the journal", async () => {
    const home = tempDir("art-ft-home-");
    const artHome = path.join(home, ".art");
    const secret = `SECRET-${path.basename(home)}`;
    writeTree(home, { ".ssh/id_ed25519": `${secret}\n`, ".art/secret.txt": `${secret}\n` });
    const repo = tempDir("art-ft-repo-");
    git(repo, "init", "-q");
    // The attacker spells the paths so the exec policy can't see the credential store (it asks for a plain
    // `ln -s ~/.ssh/...`); the file tools are the defence under test here.
    const plant = [
      "d=.ss",
      'ln -s "$HOME/$d"h"/id_ed25519" notes.txt',
      `ln -s ${artHome}/secret.txt art.txt`,
      'ln -s "$HOME/$d"h"" keys',
      'ln -s "$HOME/$d"h"/missing" dangling',
      'ln "$HOME/$d"h"/id_ed25519" hard.txt 2>/dev/null || true',
      "true",
    ].join("; ");
    const reads = ["notes.txt", "art.txt", "keys/id_ed25519", "dangling", "hard.txt", "../x"];
    const calls: Call[] = [
      { name: "shell", arguments: { command: plant } },
      ...reads.map((file) => ({ name: "read_file", arguments: { path: file } })),
      { name: "list_dir", arguments: { path: "keys" } },
      { name: "grep", arguments: { pattern: "SECRET" } },
      {
        name: "write_file",
        arguments: { path: "keys/authorized_keys", content: "ssh-ed25519 AAAA attacker" },
      },
      {
        name: "write_file",
        arguments: { path: ".git/config", content: "[core]\n\tfsmonitor = touch PWNED\n" },
      },
      {
        name: "write_file",
        arguments: { path: ".git/hooks/pre-commit", content: "#!/bin/sh\ntouch PWNED\n" },
      },
      { name: "write_file", arguments: { path: ".art/config.toml", content: 'sandbox = "full-access"\n' } },
    ];
    const result = await runArt(["exec", "--json", "--model", script(home, calls), "--cwd", repo, "go"], {
      env: { ART_HOME: artHome, HOME: home, ...configuration.env },
    });
    expect(result.code, result.stderr).toBe(0);
    const events = jsonLines(result.stdout);
    const results = events.filter((event) => event.type === "tool.result");
    expect(results).toHaveLength(calls.length);
    expect(results[0], String(results[0]?.output)).toMatchObject({ ok: true });
    // Every file tool call after the planting was refused.
    expect(results.slice(1).map((event) => [event.name, event.ok])).toEqual(
      calls.slice(1).map((call) => [call.name, call.name === "grep"]),
    );
    expect(results.find((event) => event.name === "grep")).toMatchObject({ output: "No matches." });
    expect(result.stdout).not.toContain(secret);
    expect(allBytes(artHome, path.join(artHome, "secret.txt"))).not.toContain(secret);
    expect(existsSync(path.join(home, ".ssh", "authorized_keys"))).toBe(false);
    expect(existsSync(path.join(repo, ".art"))).toBe(false);
    // The victim's step: the user's own git in the repository runs nothing planted.
    execFileSync("git", ["status"], { cwd: repo, stdio: "ignore" });
    expect(existsSync(path.join(repo, "PWNED"))).toBe(false);
  });

  it("--sandbox read-only stops write_file and apply_patch as it stops commands", async () => {
    const home = tempDir("art-ft-home-");
    const repo = tempDir("art-ft-repo-");
    const calls: Call[] = [
      { name: "write_file", arguments: { path: "a.txt", content: "x" } },
      {
        name: "apply_patch",
        arguments: { patch: "*** Begin Patch\n*** Add File: b.txt\n+x\n*** End Patch" },
      },
      { name: "shell", arguments: { command: "echo x > c.txt" } },
    ];
    const result = await runArt(
      ["exec", "--json", "--sandbox", "read-only", "--model", script(home, calls), "--cwd", repo, "go"],
      { env: { ART_HOME: path.join(home, ".art"), HOME: home, ...configuration.env } },
    );
    expect(result.code, result.stderr).toBe(0);
    const results = jsonLines(result.stdout).filter((event) => event.type === "tool.result");
    expect(results.map((event) => event.ok)).toEqual([false, false, false]);
    expect(String(results[0]?.output)).toMatch(/read-only/);
    expect(readdirSync(repo)).toEqual([]);
  });
});
