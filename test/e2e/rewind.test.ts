import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { git, tempDir, writeTree } from "../support/temp-workspace.js";

// Several `art` processes per test; on a loaded machine they outlast the default 30 s.
vi.setConfig({ testTimeout: 180_000 });

/** A hash of every file under `.git`, to prove the user's repository is never touched. */
function hashTree(root: string): string {
  const hash = createHash("sha256");
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      const stat = statSync(file);
      hash.update(`${path.relative(root, file)}:${stat.mode}:`);
      if (stat.isDirectory()) walk(file);
      else hash.update(readFileSync(file));
    }
  };
  walk(root);
  return hash.digest("hex");
}

describe("art rewind", () => {
  it("undoes a scripted turn's shell side effects on a real repository and forks the conversation", async () => {
    const home = tempDir("art-home-");
    const repo = tempDir("art-repo-");
    writeTree(repo, {
      "src/app.js": "console.log('v1');\n",
      "README.md": "# app\n",
      "run.sh": "echo run\n",
      ".gitignore": "node_modules/\n",
    });
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "commit", "-qm", "initial");
    const gitBefore = hashTree(path.join(repo, ".git"));
    const script = path.join(home, "script.json");
    writeFileSync(
      script,
      JSON.stringify({
        responses: [
          {
            toolCalls: [
              {
                name: "shell",
                arguments: {
                  command:
                    "sed -i s/v1/v2/ src/app.js && rm README.md && mkdir -p lib && echo new > lib/new.txt && chmod +x run.sh && mkdir -p node_modules/x && echo dep > node_modules/x/i.js",
                },
              },
            ],
          },
          { text: "Changed things." },
        ],
      }),
    );
    const env = { ART_HOME: home };
    const exec = await runArt(
      [
        "exec",
        "--json",
        "--sandbox",
        "full-access",
        "--model",
        `scripted:${script}`,
        "--cwd",
        repo,
        "change things",
      ],
      { env },
    );
    expect(exec.code).toBe(0);
    const checkpoints = jsonLines(exec.stdout).filter((event) => event.type === "checkpoint.created");
    expect(checkpoints.map((event) => event.phase)).toEqual(["turn-start", "turn-end"]);
    expect(readFileSync(path.join(repo, "src/app.js"), "utf8")).toContain("v2");

    const diff = await runArt(["diff", "--last", "--any-workspace", "--turn", "1", "--stat"], {
      env,
      cwd: repo,
    });
    expect(diff.stdout.split("\n").filter(Boolean).sort()).toEqual(
      [
        "added        lib/new.txt",
        "deleted      README.md",
        "modified     run.sh",
        "modified     src/app.js",
      ].sort(),
    );

    const missing = await runArt(["rewind", "--last", "--any-workspace", "--to-turn", "6"], {
      env,
      cwd: repo,
    });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/has no checkpoint at the start of turn 6\. Run "art checkpoints ses_/);

    const rewind = await runArt(["rewind", "--last", "--any-workspace", "--to-turn", "1"], {
      env,
      cwd: repo,
    });
    expect(rewind.stderr).toContain(`Restored 4 file(s) in ${repo} to the start of turn 1 of ses_`);
    expect(rewind.code).toBe(0);
    const forkId = rewind.stdout.trim();
    expect(readFileSync(path.join(repo, "src/app.js"), "utf8")).toBe("console.log('v1');\n");
    expect(readFileSync(path.join(repo, "README.md"), "utf8")).toBe("# app\n");
    expect(() => statSync(path.join(repo, "lib/new.txt"))).toThrow();
    expect(statSync(path.join(repo, "run.sh")).mode & 0o111).toBe(0);
    // Ignored paths are not the checkpoints' business: left as they are.
    expect(readFileSync(path.join(repo, "node_modules/x/i.js"), "utf8")).toBe("dep\n");
    expect(hashTree(path.join(repo, ".git"))).toBe(gitBefore);

    const sessions = jsonLines((await runArt(["sessions", "--json"], { env })).stdout);
    expect(sessions.find((session) => session.id === forkId)).toMatchObject({ turns: 0 });

    // A second session's turn, then "art undo" reverts just that turn.
    const second = path.join(home, "second.json");
    writeFileSync(
      second,
      JSON.stringify({
        responses: [
          {
            toolCalls: [{ name: "shell", arguments: { command: "echo b > b.txt && echo v3 > src/app.js" } }],
          },
          { text: "ok" },
        ],
      }),
    );
    expect(
      (
        await runArt(
          ["exec", "--sandbox", "full-access", "--model", `scripted:${second}`, "--cwd", repo, "more"],
          { env },
        )
      ).code,
    ).toBe(0);
    expect(readFileSync(path.join(repo, "src/app.js"), "utf8")).toBe("v3\n");
    const undo = await runArt(["undo"], { env, cwd: repo });
    expect(undo.code).toBe(0);
    expect(undo.stdout.split("\n").filter(Boolean).sort()).toEqual([
      "deleted      b.txt",
      "modified     src/app.js",
    ]);
    expect(readFileSync(path.join(repo, "src/app.js"), "utf8")).toBe("console.log('v1');\n");
    expect(() => statSync(path.join(repo, "b.txt"))).toThrow();
    expect(hashTree(path.join(repo, ".git"))).toBe(gitBefore);
  });
});
