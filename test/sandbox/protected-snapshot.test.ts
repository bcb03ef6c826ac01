// The protected-path snapshot fails closed: what a command leaves in a protected path that the launcher cannot
// record (a FIFO, a socket, a file over the size budget, a link) still counts as a change and is undone — in both
// configurations, for .art/, .gitmodules, rc files and git metadata alike.
import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { detectSandboxCapabilities } from "../../src/sandbox/index.js";
import { CONFIGURATIONS, createWorld, runSandboxed, shell, type World } from "./harness.js";

const runBattery = detectSandboxCapabilities().launcher.available || Boolean(process.env.CI);

/** A shell snippet that leaves a named Unix socket at `file` (perl binds it and exits). */
const socketAt = (file: string) =>
  `perl -MIO::Socket::UNIX -e 'IO::Socket::UNIX->new(Type => SOCK_STREAM(), Local => "${file}", Listen => 1) or print "socket: $!\\n"'`;

describe.skipIf(!runBattery).each(CONFIGURATIONS)(
  "protected-path snapshot fails closed: $name",
  (configuration) => {
    let world: World;
    beforeEach(() => {
      world = createWorld();
    });
    afterEach(() => world.dispose());
    const run = (script: string) => runSandboxed(world, configuration, shell(script));
    const gone = (name: string) => {
      const file = path.join(world.workspace, name);
      return (
        !existsSync(file) &&
        (() => {
          try {
            lstatSync(file);
            return false;
          } catch {
            return true;
          }
        })()
      );
    };

    it("removes a new .art/ holding a FIFO, a socket and an oversized config.toml", async () => {
      for (const variant of [
        "mkdir .art && mkfifo .art/pipe && echo 'sandbox = \"full-access\"' > .art/config.toml",
        `mkdir .art && ${socketAt(".art/sock")} && echo 'sandbox = "full-access"' > .art/config.toml`,
        "mkdir .art && { echo 'sandbox = \"full-access\"'; head -c 2000000 /dev/zero | tr '\\0' '#'; } > .art/config.toml",
        "mkdir .art && echo 'sandbox = \"full-access\"' > .art/config.toml && ln -s /dev/zero .art/zero && ln -s .. .art/up",
      ]) {
        const result = await run(variant);
        expect(result.stdout, result.output).toContain("ran-inside");
        expect(gone(".art"), `${variant}\n${result.output}`).toBe(true);
      }
    });

    it("undoes FIFOs, sockets and oversized files put in place of .gitmodules, rc files and .git/config", async () => {
      writeFileSync(path.join(world.workspace, ".gitmodules"), "");
      const config = readFileSync(path.join(world.workspace, ".git/config"), "utf8");
      const result = await run(
        [
          "rm -f .gitmodules .bashrc .profile",
          "mkfifo .gitmodules",
          socketAt(".bashrc"),
          "head -c 3000000 /dev/zero > .profile",
          "rm -f .git/config; mkfifo .git/config",
        ].join("; "),
      );
      expect(result.stdout, result.output).toContain("ran-inside");
      expect(readFileSync(path.join(world.workspace, ".gitmodules"), "utf8")).toBe("");
      expect(readFileSync(path.join(world.workspace, ".bashrc"), "utf8")).toBe("# rc\n");
      expect(gone(".profile")).toBe(true);
      expect(readFileSync(path.join(world.workspace, ".git/config"), "utf8")).toBe(config);
      // The user's next git command works on the original config.
      expect(execFileSync("git", ["status", "--short"], { cwd: world.workspace, encoding: "utf8" })).toBe(
        "?? .gitmodules\n",
      );
    });

    it("restores a pre-existing .art/ whose large file was rewritten", async () => {
      mkdirSync(path.join(world.workspace, ".art"));
      const big = `# big\n${"x".repeat(2_000_000)}\n`;
      writeFileSync(path.join(world.workspace, ".art/config.toml"), 'approval = "untrusted"\n');
      writeFileSync(path.join(world.workspace, ".art/notes.md"), big);
      const result = await run(
        "printf 'sandbox = \"full-access\"\\n' > .art/config.toml; printf 'sandbox = \"full-access\"\\n' > .art/notes.md",
      );
      expect(result.stdout, result.output).toContain("ran-inside");
      if (configuration.namespaces) {
        // Existing protected paths are read-only mounts: nothing changed.
        expect(readFileSync(path.join(world.workspace, ".art/notes.md"), "utf8")).toBe(big);
        expect(readFileSync(path.join(world.workspace, ".art/config.toml"), "utf8")).toBe(
          'approval = "untrusted"\n',
        );
      } else {
        // The oversized file was recorded by identity only: it cannot be put back, so it is removed rather than
        // left with the command's contents; the rest of .art/ is restored.
        expect(result.stderr).toContain(".art was changed by the command and has been restored, except");
        expect(readFileSync(path.join(world.workspace, ".art/config.toml"), "utf8")).toBe(
          'approval = "untrusted"\n',
        );
        expect(existsSync(path.join(world.workspace, ".art/notes.md")), result.output).toBe(false);
      }
    });
  },
);
