// Git cannot be turned against the user: each attack plants something in git metadata from inside the sandbox,
// then the user's own git runs outside it (status, diff, commit, log — the victim's step) and must not run the
// planted command. Every attack also runs once WITHOUT the sandbox (the control), where the marker must appear:
// that proves the attack is real, so a passing sandboxed case means the sandbox stopped it.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectSandboxCapabilities, type SandboxSettings } from "../../src/sandbox/index.js";
import { marker, setupGit, victimGit, victimSteps, writeHook } from "./git-harness.js";
import {
  CONFIGURATIONS,
  createWorld,
  type RunResult,
  runSandboxed,
  type World,
  worldPolicy,
} from "./harness.js";

const capabilities = detectSandboxCapabilities();
const runBattery = capabilities.launcher.available || Boolean(process.env.CI);

/** One attack: optional setup, the script the model runs, and where the user runs git afterwards. */
interface Attack {
  name: string;
  /** Prepares the world (outside the sandbox); returns the workspace to use when it is not the default one. */
  setup?(world: World): string | undefined;
  /** The command the model runs, in the workspace. `mark` is a shell command that creates the marker. */
  script(world: World, mark: string): string;
  /** Directories (relative to the workspace) where the user runs git afterwards. */
  victims: string[];
  /** A victim step of its own, run after the usual ones. */
  victim?(world: World, workspace: string): string;
  /** Extra checks on the sandboxed run. */
  check?(world: World, workspace: string, result: RunResult): void;
}

const fsmonitorConfig = (mark: string) =>
  `printf '[core]\\n\\trepositoryformatversion = 0\\n\\tfsmonitor = "${mark}"\\n'`;

const attacks: Attack[] = [
  {
    name: ".git/commondir rewritten to a directory with its own config and hooks",
    script: (_world, mark) =>
      [
        "mkdir -p .cfg/hooks && cp -r .git/objects .git/refs .git/HEAD .cfg/",
        `${fsmonitorConfig(mark)} > .cfg/config`,
        writeHook(".cfg/hooks/pre-commit", mark),
        "echo ../.cfg > .git/commondir",
      ].join("; "),
    victims: ["."],
  },
  {
    name: "a nested repository with core.fsmonitor staged in the outer index as a gitlink",
    script: (_world, mark) =>
      [
        `git init -q v && git -C v config core.fsmonitor '${mark}'`,
        writeHook("v/.git/hooks/pre-commit", mark),
        "git -C v -c user.name=m -c user.email=m@x commit -q --allow-empty -m x",
        "git update-index --add --cacheinfo 160000,$(git -C v rev-parse HEAD),v",
      ].join("; "),
    victims: [".", "v"],
    check: (_world, workspace, result) => {
      expect(result.stderr).toContain(
        `${path.join(workspace, "v/.git")} is a git directory the command created`,
      );
      expect(setupGit(path.join(workspace, "v"), "config", "--list")).not.toMatch(/fsmonitor/);
    },
  },
  {
    name: "a nested repository whose .git file points at a git dir elsewhere in the workspace",
    script: (_world, mark) =>
      [
        'mkdir -p .hidden && git init -q --separate-git-dir="$PWD/.hidden/g" w',
        `git -C w config core.fsmonitor '${mark}'`,
        `git -C w config alias.st '!${mark}'`,
        "git -C w -c user.name=m -c user.email=m@x commit -q --allow-empty -m x",
        "git update-index --add --cacheinfo 160000,$(git -C w rev-parse HEAD),w",
      ].join("; "),
    victims: [".", "w"],
  },
  {
    name: "a nested repository whose git dir sits in the session's temp dir",
    script: (_world, mark) =>
      [
        'git init -q --separate-git-dir="$TMPDIR/g" t',
        `git -C t config core.fsmonitor '${mark}'`,
        writeHook('"$TMPDIR/g/hooks/pre-commit"', mark),
      ].join("; "),
    victims: ["t"],
  },
  {
    name: "a nested repository that existed at the start: its config and hooks rewritten",
    setup: (world) => {
      const nested = path.join(world.workspace, "vendor/lib");
      mkdirSync(nested, { recursive: true });
      setupGit(nested, "init", "-q");
      setupGit(nested, "commit", "-q", "--allow-empty", "-m", "lib");
      return undefined;
    },
    script: (_world, mark) =>
      [
        `git -C vendor/lib config core.fsmonitor '${mark}'`,
        writeHook("vendor/lib/.git/hooks/pre-commit", mark),
      ].join("; "),
    victims: ["vendor/lib"],
  },
  {
    name: "a submodule's git dir (.git/modules/lib) given core.fsmonitor",
    setup: (world) => {
      const source = path.join(world.root, "lib-source");
      mkdirSync(source);
      setupGit(source, "init", "-q");
      writeFileSync(path.join(source, "lib.txt"), "lib\n");
      setupGit(source, "add", "-A");
      setupGit(source, "commit", "-qm", "lib");
      setupGit(world.workspace, "-c", "protocol.file.allow=always", "submodule", "add", "-q", source, "lib");
      setupGit(world.workspace, "commit", "-qm", "submodule");
      return undefined;
    },
    script: (_world, mark) =>
      [
        `git -C lib config core.fsmonitor '${mark}'`,
        writeHook(".git/modules/lib/hooks/pre-commit", mark),
      ].join("; "),
    victims: [".", "lib"],
  },
  {
    name: "a config file in the work tree that .git/config includes (include.path = ../.gitconfig-shared)",
    setup: (world) => {
      writeFileSync(path.join(world.workspace, ".gitconfig-shared"), "[user]\n\tname = team\n");
      setupGit(world.workspace, "config", "include.path", "../.gitconfig-shared");
      setupGit(world.workspace, "add", "-A");
      setupGit(world.workspace, "commit", "-qm", "shared config");
      return undefined;
    },
    script: (_world, mark) => `printf '[core]\\n\\tfsmonitor = "${mark}"\\n' >> .gitconfig-shared`,
    victims: ["."],
  },
  {
    name: "core.hooksPath inside the work tree (.githooks)",
    setup: (world) => {
      mkdirSync(path.join(world.workspace, ".githooks"));
      writeFileSync(path.join(world.workspace, ".githooks/README"), "hooks\n");
      setupGit(world.workspace, "config", "core.hooksPath", ".githooks");
      setupGit(world.workspace, "add", "-A");
      setupGit(world.workspace, "commit", "-qm", "hooks");
      return undefined;
    },
    script: (_world, mark) => writeHook(".githooks/pre-commit", mark),
    victims: ["."],
  },
  {
    name: "husky: core.hooksPath = .husky/_ runs the scripts in .husky/",
    setup: (world) => {
      mkdirSync(path.join(world.workspace, ".husky/_"), { recursive: true });
      writeFileSync(
        path.join(world.workspace, ".husky/_/pre-commit"),
        '#!/bin/sh\nscript="$(dirname "$0")/../pre-commit"\n[ -f "$script" ] && . "$script"\nexit 0\n',
        { mode: 0o755 },
      );
      setupGit(world.workspace, "config", "core.hooksPath", ".husky/_");
      setupGit(world.workspace, "add", "-A");
      setupGit(world.workspace, "commit", "-qm", "husky");
      return undefined;
    },
    script: (_world, mark) => `printf '%s\\n' '${mark}' > .husky/pre-commit`,
    victims: ["."],
  },
  {
    name: "a linked worktree's .git file rewritten to gitdir: ./.g",
    setup: (world) => {
      const main = path.join(world.root, "main");
      mkdirSync(main);
      setupGit(main, "init", "-q");
      writeFileSync(path.join(main, "f"), "f\n");
      setupGit(main, "add", "-A");
      setupGit(main, "commit", "-qm", "main");
      setupGit(main, "worktree", "add", "-q", path.join(world.root, "linked"));
      return path.join(world.root, "linked");
    },
    script: (_world, mark) =>
      [
        "mkdir -p .g/objects .g/refs/heads && echo 'ref: refs/heads/x' > .g/HEAD",
        `${fsmonitorConfig(mark)} > .g/config`,
        "echo 'gitdir: ./.g' > .git",
      ].join("; "),
    victims: ["."],
  },
  {
    name: "a linked worktree inside the workspace: its commondir and config.worktree rewritten",
    setup: (world) => {
      const main = path.join(world.workspace, "main");
      mkdirSync(main);
      setupGit(main, "init", "-q");
      writeFileSync(path.join(main, "f"), "f\n");
      setupGit(main, "add", "-A");
      setupGit(main, "commit", "-qm", "main");
      setupGit(main, "worktree", "add", "-q", "../wt");
      return undefined;
    },
    script: (_world, mark) =>
      [
        "mkdir -p .cfg/hooks && cp -r main/.git/objects main/.git/refs main/.git/HEAD .cfg/",
        `${fsmonitorConfig(mark)} > .cfg/config`,
        writeHook(".cfg/hooks/pre-commit", mark),
        'echo "$PWD/.cfg" > main/.git/worktrees/wt/commondir',
        `printf '[core]\\n\\tfsmonitor = "${mark}"\\n' > main/.git/worktrees/wt/config.worktree`,
      ].join("; "),
    victims: ["main", "wt"],
  },
  {
    name: ".git replaced by a gitdir file pointing at the moved repository with a new config",
    script: (_world, mark) =>
      [
        "mv .git .git-real",
        `${fsmonitorConfig(mark)} > .git-real/config`,
        writeHook(".git-real/hooks/pre-commit", mark),
        "echo 'gitdir: .git-real' > .git",
      ].join("; "),
    victims: ["."],
  },
  {
    name: ".git replaced by another directory with its own config",
    script: (_world, mark) =>
      [
        "cp -a .git .git2",
        `${fsmonitorConfig(mark)} > .git2/config`,
        "mv .git .git-real && mv .git2 .git",
      ].join("; "),
    victims: ["."],
  },
  {
    // git takes a directory holding HEAD, objects/ and refs/ for a bare repository when it is the current
    // directory, before looking for .git further up: its config applies (diff.external runs on `git diff`).
    name: "a directory made to look like a bare repository (HEAD, objects/, refs/, config)",
    script: (_world, mark) =>
      [
        "mkdir -p sub/objects sub/refs/heads && echo 'ref: refs/heads/main' > sub/HEAD",
        `printf '[core]\\n\\tbare = true\\n[diff]\\n\\texternal = "${mark}"\\n' > sub/config`,
        "echo a > sub/a; echo b > sub/b",
      ].join("; "),
    victims: [],
    victim: (world, workspace) =>
      victimGit(world, path.join(workspace, "sub"), "diff", "--no-index", "a", "b").output,
  },
  {
    name: "a repository created deep in the workspace with hooks, aliases and an include",
    script: (_world, mark) =>
      [
        "mkdir -p deep/er && cd deep/er && git init -q",
        `git config core.fsmonitor '${mark}'`,
        `printf '[core]\\n\\tpager = ${mark}\\n' > ../../evil.inc`,
        'git config include.path "$PWD/../../evil.inc"',
        writeHook(".git/hooks/pre-commit", mark),
        writeHook(".git/hooks/post-commit", mark),
      ].join("; "),
    victims: ["deep/er"],
    check: (_world, workspace) => {
      // Still a working repository.
      expect(setupGit(path.join(workspace, "deep/er"), "rev-parse", "--is-inside-work-tree").trim()).toBe(
        "true",
      );
      expect(existsSync(path.join(workspace, "deep/er/.git/hooks"))).toBe(false);
    },
  },
];

describe.skipIf(!runBattery)("git metadata: the attacks work without the sandbox (controls)", () => {
  let world: World;
  beforeEach(() => {
    world = createWorld();
  });
  afterEach(() => world.dispose());

  for (const attack of attacks)
    it(attack.name, () => {
      const workspace = attack.setup?.(world) ?? world.workspace;
      const mark = marker(world, "control");
      spawnSync("/bin/sh", ["-c", attack.script(world, mark.command)], {
        cwd: workspace,
        env: { PATH: process.env.PATH, HOME: world.home, TMPDIR: world.tmpDir, GIT_CONFIG_NOSYSTEM: "1" },
      });
      for (const victim of attack.victims) victimSteps(world, path.join(workspace, victim));
      attack.victim?.(world, workspace);
      expect(mark.exists()).toBe(true);
    });
});

describe.skipIf(!runBattery).each(CONFIGURATIONS)("git metadata: $name", (configuration) => {
  let world: World;
  beforeEach(() => {
    world = createWorld();
  });
  afterEach(() => world.dispose());

  const run = (script: string, workspace: string, overrides: Partial<SandboxSettings> = {}) =>
    runSandboxed(world, configuration, ["/bin/sh", "-c", `echo ran-inside; ${script}`], {
      cwd: workspace,
      policy: worldPolicy(world, { workspace, ...overrides }),
      env: { GIT_CONFIG_NOSYSTEM: "1" },
    });

  for (const attack of attacks)
    it(`${attack.name}: the user's git runs nothing planted`, async () => {
      const workspace = attack.setup?.(world) ?? world.workspace;
      const mark = marker(world, "sandboxed");
      const result = await run(attack.script(world, mark.command), workspace);
      expect(result.stdout, result.output).toContain("ran-inside");
      expect(result.exitCode, result.output).not.toBe(125);
      const outputs = attack.victims.map((victim) => victimSteps(world, path.join(workspace, victim)));
      outputs.push(attack.victim?.(world, workspace) ?? "");
      expect(mark.exists(), `${result.stderr}\n${outputs.join("\n")}`).toBe(false);
      attack.check?.(world, workspace, result);
    });

  it("leaves a repository created in the session's temp dir alone", async () => {
    const result = await run(
      'git init -q "$TMPDIR/own" && git -C "$TMPDIR/own" config core.fsmonitor mine',
      world.workspace,
    );
    expect(result.stdout).toContain("ran-inside");
    expect(setupGit(path.join(world.tmpDir, "own"), "config", "core.fsmonitor").trim()).toBe("mine");
  });

  it("removes new entries git would read from .git (info/, config.worktree, alternates) and keeps git working", async () => {
    const before = readFileSync(path.join(world.workspace, ".git/config"), "utf8");
    const result = await run(
      [
        "mkdir -p .git/info && echo '* filter=evil' > .git/info/attributes",
        "echo '[core] fsmonitor = x' > .git/config.worktree",
        "mkdir -p .git/objects/info && echo /tmp > .git/objects/info/alternates",
        "echo planted > .git/unknown-entry",
        "echo change >> README.md && git -c user.name=m -c user.email=m@x commit -qam inside && echo committed",
      ].join("; "),
      world.workspace,
    );
    expect(result.stdout, result.output).toContain("committed");
    for (const planted of ["info/attributes", "config.worktree", "objects/info/alternates", "unknown-entry"])
      expect(existsSync(path.join(world.workspace, ".git", planted)), planted).toBe(false);
    expect(readFileSync(path.join(world.workspace, ".git/config"), "utf8")).toBe(before);
    expect(setupGit(world.workspace, "log", "--format=%s", "-1").trim()).toBe("inside");
  });

  it("never writes or deletes through a .git replaced by a link to an outside directory", async () => {
    const target = path.join(world.outside, "fake");
    mkdirSync(path.join(target, "hooks"), { recursive: true });
    writeFileSync(path.join(target, "hooks/keep"), "keep\n");
    writeFileSync(path.join(target, "config"), "outside\n");
    const result = await run(
      `mv .git .git-real; ln -s ${target} .git; echo evil > .git-real/config`,
      world.workspace,
    );
    expect(result.stdout).toContain("ran-inside");
    expect(readFileSync(path.join(target, "hooks/keep"), "utf8")).toBe("keep\n");
    expect(readFileSync(path.join(target, "config"), "utf8")).toBe("outside\n");
    expect(setupGit(world.workspace, "rev-parse", "--git-dir").trim()).toBe(".git");
    expect(readFileSync(path.join(world.workspace, ".git/config"), "utf8")).not.toContain("evil");
    expect(existsSync(path.join(world.workspace, ".git-real"))).toBe(false);
  });

  it("protects ~/.gitconfig and ~/.config/git when the workspace is $HOME (forced)", async () => {
    const other = path.join(world.root, "other");
    mkdirSync(other);
    setupGit(other, "init", "-q");
    writeFileSync(path.join(world.home, ".gitconfig"), "[user]\n\tname = me\n");
    const mark = marker(world, "home");
    const result = await run(
      [
        `git config --global core.fsmonitor '${mark.command}'`,
        `mkdir -p .config/git && printf '[core]\\n\\tfsmonitor = "${mark.command}"\\n' > .config/git/config`,
      ].join("; "),
      world.home,
      { allowBroadWorkspace: true },
    );
    expect(result.stdout).toContain("ran-inside");
    victimSteps(world, other);
    expect(mark.exists(), result.output).toBe(false);
    expect(readFileSync(path.join(world.home, ".gitconfig"), "utf8")).toBe("[user]\n\tname = me\n");
    expect(existsSync(path.join(world.home, ".config/git"))).toBe(false);
  });

  it("refuses workspace-write on $HOME unless forced", () => {
    expect(() => worldPolicy(world, { workspace: world.home })).toThrow(
      /sandbox\.broad_workspace|home directory/,
    );
  });
});
