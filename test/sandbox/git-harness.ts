// Helpers for the git-metadata battery: the user's own git outside the sandbox (the victim's step), repositories to
// attack, and markers that only a planted command can create.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import type { World } from "./harness.js";

/** The environment of the user's own git: the world's home, no system config, no terminal. */
export function victimEnv(world: World): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: world.home,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    LANG: "C",
  };
}

/** Runs the user's git in `cwd`; never throws (a failing git is not what the tests look at). */
export function victimGit(
  world: World,
  cwd: string,
  ...args: string[]
): { status: number | null; output: string } {
  const result = spawnSync(
    "git",
    ["-c", "user.email=victim@example.com", "-c", "user.name=victim", ...args],
    { cwd, env: victimEnv(world), encoding: "utf8", timeout: 20_000 },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The user's everyday steps in a repository: status, diff, a commit (which runs hooks), log. */
export function victimSteps(world: World, cwd: string): string {
  const outputs = [
    victimGit(world, cwd, "status"),
    victimGit(world, cwd, "diff", "HEAD"),
    victimGit(world, cwd, "commit", "-qam", "victim commit", "--allow-empty"),
    victimGit(world, cwd, "log", "-1", "--oneline"),
  ];
  return outputs.map((result) => result.output).join("\n");
}

/** Runs git as the test's setup (outside any sandbox), throwing on failure. */
export function setupGit(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=setup@example.com", "-c", "user.name=setup", ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent", GIT_CONFIG_NOSYSTEM: "1" },
  });
}

/** A marker file outside every writable root: only a command the user's git runs can create it. */
export function marker(world: World, label: string): { path: string; command: string; exists(): boolean } {
  const file = path.join(world.outside, `pwned-${label}`);
  return {
    path: file,
    // git appends arguments to hook commands ("$@"); the trailing ":" swallows them.
    command: `touch ${file}; :`,
    exists: () => existsSync(file),
  };
}

/** A shell snippet that writes an executable hook script running `command`. */
export function writeHook(file: string, command: string): string {
  return `printf '#!/bin/sh\\n%s\\n' '${command}' > ${file}; chmod +x ${file}`;
}
