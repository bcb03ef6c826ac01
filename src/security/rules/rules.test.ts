import { mkdirSync, mkdtempSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { trustProject } from "../../config/index.js";
import { RuleFileError } from "../errors/rule-file-error.js";
import { SecurityPolicy } from "../policy/security-policy.js";
import type { PolicyRule } from "../types.js";
import { formatArtRules, parseArtRules } from "./art-toml.js";
import { formatClaudeSettings, parseClaudeSettings } from "./claude.js";
import { formatCodexRules, parseCodexRules } from "./codex.js";
import { loadRuleFile } from "./load-rules.js";
import { ruleContent } from "./rule-id.js";
import { saveProjectRule } from "./save-project-rule.js";

const CODEX = `# Codex rules
prefix_rule(
    pattern = ["gh", "pr", ["view", "list"]],
    decision = "prompt",
    justification = "Viewing PRs needs a look",
    match = ["gh pr view 7888", ["gh", "pr", "list", "--json", "title"]],
    not_match = ["gh pr --repo openai/codex view 7888"],
)

prefix_rule(pattern = ['git', "status"])  # decision defaults to allow
prefix_rule(
    pattern = ["rm", ["-rf", "-fr"]],
    decision = "forbidden",
    justification = 'no "recursive" deletes\\nat all',
)
`;

const CLAUDE = `{
  "model": "sonnet",
  "permissions": {
    "allow": [
      "Bash(npm run test:*)",
      "Bash(git status)",
      "Read(~/.zshrc)",
      "Edit(/src/**)",
      "Write(./docs/**)",
      "WebSearch"
    ],
    "ask": ["Bash(git push:*)", "Read(//etc/**)"],
    "deny": ["Bash(curl:*)", "Read(./.env)", "Read(./secrets/**)", "Bash"]
  }
}
`;

function tmp(): string {
  return mkdtempSync(path.join(os.tmpdir(), "art-rules-"));
}

function thrown(action: () => unknown): RuleFileError {
  try {
    action();
  } catch (error) {
    if (RuleFileError.isInstance(error)) return error as RuleFileError;
    throw error;
  }
  throw new Error("expected a RuleFileError");
}

describe("Codex .rules import", () => {
  it("reads prefix rules with alternatives, decisions, justifications and examples", () => {
    const rules = parseCodexRules(CODEX, "/r/default.rules");
    expect(rules).toEqual([
      {
        kind: "prefix",
        pattern: ["gh", "pr", ["view", "list"]],
        decision: "ask",
        justification: "Viewing PRs needs a look",
        match: ["gh pr view 7888", ["gh", "pr", "list", "--json", "title"]],
        notMatch: ["gh pr --repo openai/codex view 7888"],
        source: { format: "codex", file: "/r/default.rules", line: 2 },
      },
      {
        kind: "prefix",
        pattern: ["git", "status"],
        decision: "allow",
        source: { format: "codex", file: "/r/default.rules", line: 10 },
      },
      {
        kind: "prefix",
        pattern: ["rm", ["-rf", "-fr"]],
        decision: "forbid",
        justification: 'no "recursive" deletes\nat all',
        source: { format: "codex", file: "/r/default.rules", line: 11 },
      },
    ]);
  });

  it("round-trips: export to Codex format and import again gives the same rules", () => {
    const rules = parseCodexRules(CODEX, "a.rules");
    const { text, skipped } = formatCodexRules(rules);
    expect(skipped).toEqual([]);
    expect(parseCodexRules(text, "b.rules").map(ruleContent)).toEqual(rules.map(ruleContent));
  });

  it("skips what Codex cannot express when exporting", () => {
    const rules: PolicyRule[] = [
      { kind: "path", glob: "src/**", access: "write", decision: "allow", source: { format: "cli" } },
      { kind: "prefix", pattern: ["ls"], exact: true, decision: "allow", source: { format: "cli" } },
    ];
    expect(formatCodexRules(rules)).toEqual({ text: "", skipped: rules });
  });

  it.each([
    ["prefix_rule(pattern = [])", 1, "pattern must be a non-empty list"],
    [
      '\n\nprefix_rule(pattern = ["a"], decision = "maybe")',
      3,
      'decision must be "allow", "prompt" or "forbidden"',
    ],
    ['prefix_rule(pattern = ["a"])\nhost_rule(pattern = ["b"])', 2, 'unsupported statement "host_rule"'],
    ['prefix_rule(\n  pattern = ["git"],\n  colour = "red",\n)', 3, 'prefix_rule has no argument "colour"'],
    [
      'prefix_rule(pattern = ["git", "push"], match = ["git status"])',
      1,
      "does not match its own match example",
    ],
    ['\nprefix_rule(pattern = ["git"], not_match = ["git push"])', 2, "matches its not_match example"],
    ['prefix_rule(pattern = ["a"]\nprefix_rule(pattern = ["b"])', 2, 'expected "," or ")"'],
    ['prefix_rule(pattern = ["unterminated)', 1, "unterminated string"],
    ["prefix_rule(pattern = [1])", 1, "unexpected character"],
    ['prefix_rule(pattern = ["a"], pattern = ["b"])', 1, "given twice"],
    ['\n\nload("//x.star", "y")', 3, 'unsupported statement "load"'],
  ])("a bad file names file and line: %s", (text, line, message) => {
    const error = thrown(() => parseCodexRules(text, "/x/bad.rules"));
    expect(error.code).toBe("policy.rule_file_invalid");
    expect([error.file, error.line]).toEqual(["/x/bad.rules", line]);
    expect(error.message).toContain(`/x/bad.rules:${line}: `);
    expect(error.message).toContain(message);
  });
});

describe("Claude Code settings import", () => {
  it("maps Bash/Read/Edit/Write and tool names; deny, ask, allow become forbid, ask, allow", () => {
    const { rules, warnings } = parseClaudeSettings(CLAUDE, "/p/.claude/settings.json");
    const source = (line: number) => ({ format: "claude", file: "/p/.claude/settings.json", line });
    expect(warnings).toEqual([]);
    expect(rules).toEqual([
      { kind: "prefix", pattern: ["curl"], decision: "forbid", source: source(13) },
      { kind: "path", glob: ".env", access: "read", decision: "forbid", source: source(13) },
      { kind: "path", glob: "secrets/**", access: "read", decision: "forbid", source: source(13) },
      { kind: "tool", tool: "Bash", decision: "forbid", source: source(13) },
      { kind: "prefix", pattern: ["git", "push"], decision: "ask", source: source(12) },
      { kind: "path", glob: "/etc/**", access: "read", decision: "ask", source: source(12) },
      { kind: "prefix", pattern: ["npm", "run", "test"], decision: "allow", source: source(5) },
      { kind: "prefix", pattern: ["git", "status"], exact: true, decision: "allow", source: source(6) },
      { kind: "path", glob: "~/.zshrc", access: "read", decision: "allow", source: source(7) },
      { kind: "path", glob: "src/**", access: "write", decision: "allow", source: source(8) },
      { kind: "path", glob: "docs/**", access: "write", decision: "allow", source: source(9) },
      { kind: "tool", tool: "WebSearch", decision: "allow", source: source(10) },
    ]);
  });

  it("round-trips: export to settings.json and import again gives the same rules", () => {
    const { rules } = parseClaudeSettings(CLAUDE, "a.json");
    const exported = JSON.stringify(formatClaudeSettings(rules), null, 2);
    expect(parseClaudeSettings(exported, "b.json").rules.map(ruleContent)).toEqual(rules.map(ruleContent));
  });

  it("exports prefix alternatives as one entry each and quotes words with spaces", () => {
    const rules: PolicyRule[] = [
      { kind: "prefix", pattern: ["git", ["push", "fetch"]], decision: "ask", source: { format: "cli" } },
      { kind: "prefix", pattern: ["echo", "a b"], exact: true, decision: "allow", source: { format: "cli" } },
    ];
    expect(formatClaudeSettings(rules)).toEqual({
      permissions: { allow: ["Bash(echo 'a b')"], ask: ["Bash(git push:*)", "Bash(git fetch:*)"], deny: [] },
    });
  });

  it("imports wildcards it cannot express broadly for deny and not at all for allow, with warnings", () => {
    const text = JSON.stringify({
      permissions: {
        deny: ["Bash(git * --force)", "WebFetch(domain:evil.com)"],
        allow: ["Bash(npm * test)"],
      },
    });
    const { rules, warnings } = parseClaudeSettings(text, "s.json");
    expect(rules.map(ruleContent)).toEqual([
      { kind: "prefix", pattern: ["git"], decision: "forbid" },
      { kind: "tool", tool: "WebFetch", decision: "forbid" },
    ]);
    expect(warnings).toHaveLength(3);
    expect(warnings[2]).toContain("skipped allow rule Bash(npm * test)");
  });

  it.each([
    ['{\n  "permissions": {\n    "allow": [\n      "Bash(ls",\n    ]\n  }\n}', undefined, "invalid JSON"],
    [
      '{\n  "permissions": {\n    "deny": "Bash(rm:*)"\n  }\n}',
      3,
      "permissions.deny must be a list of strings",
    ],
    [
      '{\n  "permissions": {\n    "allow": [\n      "Bash(ls)",\n      42\n    ]\n  }\n}',
      5,
      "must hold only strings",
    ],
    ['{\n  "permissions": {\n    "ask": [\n      "Bash(echo \'oops)"\n    ]\n  }\n}', 4, "unterminated"],
    ['{\n  "permissions": {\n    "allow": ["Bad Rule!"]\n  }\n}', 3, "cannot read permission rule"],
    ["[1, 2]", 1, "must hold a JSON object"],
  ])("a bad settings file names file and line: %#", (text, line, message) => {
    const error = thrown(() => parseClaudeSettings(text, "/p/settings.json"));
    expect(error.file).toBe("/p/settings.json");
    if (line !== undefined) expect(error.line).toBe(line);
    expect(error.message).toContain(message);
  });
});

describe("our TOML rule files", () => {
  const TOML = `# team rules
version = 1

[[rule]]
prefix = ["npm", ["test", "run"]]
decision = "allow"
match = ["npm test", "npm run lint"]
not_match = ["npm install"]

# never edit generated code
[[rule]]
path = "src/generated/**"
access = "write"
decision = "forbid"
justification = "generated by the build"

[[rule]]
tool = "web_fetch"
decision = "ask"
`;

  it("reads prefix, path and tool rules with their lines", () => {
    const rules = parseArtRules(TOML, "/p/.art/rules.toml");
    expect(rules.map((rule) => [rule.kind, rule.decision, rule.source.line])).toEqual([
      ["prefix", "allow", 4],
      ["path", "forbid", 11],
      ["tool", "ask", 17],
    ]);
  });

  it("round-trips through formatArtRules", () => {
    const rules = parseArtRules(TOML, "a.toml");
    expect(parseArtRules(formatArtRules(rules), "b.toml").map(ruleContent)).toEqual(rules.map(ruleContent));
  });

  it.each([
    [
      'version = 1\n[[rule]]\nprefix = ["a"]\ndecision = "allow"\n\n[[rule]]\nprefix = ["b"]\ndecision = "sometimes"\n',
      6,
      "rule.1",
    ],
    ['version = 1\n[[rule]]\nprefix = ["git"]\npath = "x"\ndecision = "allow"\n', 2, "Unrecognized key"],
    [
      'version = 1\n\n[[rule]]\ntool = "x"\ndecision = "allow"\n[[rule]]\nprefix = ["git", "push"]\ndecision = "ask"\nmatch = ["git status"]\n',
      6,
      "does not match its own match example",
    ],
    ["version = 1\n[[rule]]\nprefix = [\n", 4, "TOML syntax"],
    ['[[rule]]\ntool = "x"\ndecision = "allow"\n', undefined, "version must be 1"],
    ["version = 2\n", undefined, "version must be 1"],
    ["version = 1\nrules = []\n", undefined, "rules"],
  ])("a bad file names file and line: %#", (text, line, message) => {
    const error = thrown(() => parseArtRules(text, "/p/.art/rules.toml"));
    expect(error.file).toBe("/p/.art/rules.toml");
    expect(error.line).toBe(line);
    expect(error.message).toContain(message);
  });

  it("a TOML syntax error names line and column", () => {
    const error = thrown(() => parseArtRules('version = 1\n[[rule]]\ntool = = "x"\n', "/p/.art/rules.toml"));
    expect({ line: error.line, column: error.column }).toEqual({ line: 3, column: 8 });
    expect(error.message).toMatch(/^\/p\/\.art\/rules\.toml:3:8: TOML syntax: /);
  });

  it("loads the file type by extension, and a missing or unknown file is a typed error", () => {
    const dir = tmp();
    expect(thrown(() => loadRuleFile(path.join(dir, "nope.toml"))).message).toContain("cannot read: ENOENT");
    expect(thrown(() => loadRuleFile(path.join(dir, "rules.yaml"))).message).toContain(
      "unknown rule file type",
    );
    writeFileSync(path.join(dir, "x.rules"), 'prefix_rule(pattern = ["make"], decision = "prompt")\n');
    expect(loadRuleFile(path.join(dir, "x.rules")).rules[0]?.decision).toBe("ask");
  });
});

describe("layers", () => {
  it("reads the user layer, the project layer and extra files; the strictest rule wins and is named", async () => {
    const artHome = tmp();
    const repo = tmp();
    mkdirSync(path.join(repo, ".git"));
    mkdirSync(path.join(repo, ".art"));
    mkdirSync(path.join(artHome, "rules"));
    writeFileSync(
      path.join(artHome, "rules.toml"),
      'version = 1\n\n[[rule]]\nprefix = ["make"]\ndecision = "allow"\n',
    );
    writeFileSync(
      path.join(artHome, "rules", "codex.rules"),
      'prefix_rule(pattern = ["make", "deploy"], decision = "forbidden")\n',
    );
    writeFileSync(
      path.join(repo, ".art", "rules.toml"),
      'version = 1\n[[rule]]\nprefix = ["make", "release"]\ndecision = "ask"\n',
    );
    const policy = await SecurityPolicy.load({ cwd: path.join(repo), artHome, env: { HOME: "/h" } });
    expect(
      await policy.decide({ kind: "shell", command: "make test" }, { approval: "untrusted" }),
    ).toMatchObject({
      decision: "allow",
      rule: `art:${path.join(artHome, "rules.toml")}:3`,
    });
    expect(await policy.decide({ kind: "shell", command: "make deploy" })).toMatchObject({
      decision: "forbid",
      rule: `codex:${path.join(artHome, "rules", "codex.rules")}:1`,
    });
    expect(await policy.decide({ kind: "shell", command: "make release" })).toMatchObject({
      decision: "ask",
      rule: `art:${path.join(repo, ".art", "rules.toml")}:2`,
    });
  });

  it("ignores allow rules of an untrusted project but keeps its ask and forbid rules", async () => {
    const repo = tmp();
    mkdirSync(path.join(repo, ".art"));
    writeFileSync(
      path.join(repo, ".art", "rules.toml"),
      'version = 1\n[[rule]]\nprefix = ["curl"]\ndecision = "allow"\n[[rule]]\nprefix = ["make"]\ndecision = "forbid"\n',
    );
    const policy = await SecurityPolicy.load({ cwd: repo, artHome: tmp(), trustProject: false });
    expect(policy.warnings[0]).toContain("1 allow rule(s) ignored");
    expect(
      (await policy.decide({ kind: "shell", command: "curl x" }, { approval: "untrusted" })).decision,
    ).toBe("ask");
    expect((await policy.decide({ kind: "shell", command: "make" })).decision).toBe("forbid");
  });

  it("a bad rule file stops loading with file and line", async () => {
    const artHome = tmp();
    writeFileSync(
      path.join(artHome, "rules.toml"),
      'version = 1\n\n[[rule]]\nprefix = "git"\ndecision = "allow"\n',
    );
    await expect(SecurityPolicy.load({ cwd: tmp(), artHome })).rejects.toThrow(
      `${path.join(artHome, "rules.toml")}:3:`,
    );
  });
});

describe("saveProjectRule", () => {
  it("appends a rule, keeping comments, and the policy uses it", async () => {
    const repo = tmp();
    mkdirSync(path.join(repo, ".git"));
    mkdirSync(path.join(repo, ".art"));
    const file = path.join(repo, ".art", "rules.toml");
    const original =
      '# keep this comment\nversion = 1 # and this one\n\n[[rule]]\ntool = "x" # inline\ndecision = "ask"';
    writeFileSync(file, original);
    const sub = path.join(repo, "pkg");
    mkdirSync(sub);
    const policy = await SecurityPolicy.load({ cwd: sub, artHome: tmp() });
    const call = { kind: "shell", command: "npm run build -- --prod" } as const;
    const before = await policy.decide(call, { approval: "untrusted" });
    expect(before.decision).toBe("ask");
    const [rule] = policy.rulesForApproval(call, before, "art");
    const saved = saveProjectRule(sub, rule!, { comment: "approved in session s1" });
    expect(saved.file).toBe(file);
    const text = readFileSync(file, "utf8");
    expect(text.startsWith(original)).toBe(true);
    expect(text.split("\n")[saved.line - 1]).toBe("[[rule]]");
    expect(text).toContain("# approved in session s1");
    // A saved allow rule is the project's like any other: it applies once the user trusts the project.
    const untrusted = await SecurityPolicy.load({ cwd: sub, artHome: tmp() });
    expect((await untrusted.decide(call, { approval: "untrusted" })).decision).toBe("ask");
    expect(untrusted.warnings.join("\n")).toMatch(
      /1 allow rule\(s\) ignored because the project is not trusted/,
    );
    const artHome = tmp();
    await trustProject(artHome, realpathSync(repo));
    const after = await SecurityPolicy.load({ cwd: sub, artHome });
    expect(await after.decide(call, { approval: "untrusted" })).toMatchObject({
      decision: "allow",
      rule: `art:${file}:${saved.line}`,
    });
    expect(
      (await after.decide({ kind: "shell", command: "npm run build" }, { approval: "untrusted" })).decision,
    ).toBe("ask");
  });

  it("creates the file with a header when missing, and refuses to append to a broken file", () => {
    const repo = tmp();
    const rule: PolicyRule = {
      kind: "tool",
      tool: "web_fetch",
      decision: "allow",
      source: { format: "session" },
    };
    const first = saveProjectRule(repo, rule);
    expect(parseArtRules(readFileSync(first.file, "utf8"), first.file)).toHaveLength(1);
    const second = saveProjectRule(repo, rule);
    expect(second.line).toBeGreaterThan(first.line);
    writeFileSync(first.file, "version = 1\n[[rule]\n");
    expect(() => saveProjectRule(repo, rule)).toThrow(/rules\.toml:2/);
  });
});
