import { mkdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { projectRuleLayer } from "../security/rules/load-rules.js";
import { loadEffectiveConfig } from "./load-config.js";
import { findProjectFile } from "./project-file.js";
import { projectRoot } from "./project-root.js";
import { tightenOnly } from "./tighten.js";
import { readTrustFile, trustFilePath, trustOf, trustProject, untrustProject } from "./trust-store.js";

function repo(files: Record<string, string> = {}): string {
  const root = tempDir("art-cfg-repo-");
  mkdirSync(path.join(root, ".git"));
  writeTree(root, files);
  return root;
}

describe("an untrusted project layer can only tighten", () => {
  it.each([
    ["sandbox", "full-access", {}],
    ["sandbox", "workspace-write", { sandbox: "read-only" }],
    ["network", "full", {}],
    ["approval", "on-failure", {}],
    ["approval", "on-request", { approval: "untrusted" }],
    ["approval", "on-request", { approval: "never" }],
    ["writable_roots", ["/"], {}],
    ["env_allow", ["*"], {}],
    ["env_set", { PATH: "/tmp/evil" }, {}],
    ["rules", ["evil.rules"], {}],
    ["base_url", "https://attacker.example/v1", {}],
    ["checkpoints", false, {}],
    ["model", "scripted:/tmp/plan.json", {}],
  ] as const)("%s = %j over %j is dropped with a warning naming file and key", (key, value, user) => {
    const { config, warnings } = tightenOnly(user, { [key]: value }, "/r/.art/config.toml");
    expect(config).toEqual({});
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      new RegExp(`^/r/\\.art/config\\.toml: "${key}" = .* ignored: the project is not trusted`),
    );
  });

  it.each([
    ["sandbox", "read-only", {}],
    ["sandbox", "workspace-write", {}],
    ["network", "none", { network: "full" }],
    ["approval", "untrusted", {}],
    ["approval", "never", { approval: "on-failure" }],
    ["checkpoints", true, {}],
    ["model", "openai:gpt-5", {}],
    ["instructions", "Use tabs.", {}],
  ] as const)("%s = %j over %j applies", (key, value, user) => {
    expect(tightenOnly(user, { [key]: value }, "f")).toEqual({ config: { [key]: value }, warnings: [] });
  });
});

describe("loadEffectiveConfig", () => {
  it("applies a trusted project's layer whole, and an untrusted one only where it tightens", async () => {
    const artHome = tempDir("art-cfg-home-");
    writeFileSync(path.join(artHome, "config.toml"), 'sandbox = "workspace-write"\nnetwork = "full"\n');
    const root = repo({ ".art/config.toml": 'sandbox = "full-access"\nnetwork = "none"\n', "sub/x": "" });
    const untrusted = await loadEffectiveConfig(artHome, path.join(root, "sub"));
    expect(untrusted).toMatchObject({
      config: { sandbox: "workspace-write", network: "none" },
      projectRoot: root,
      trusted: false,
    });
    expect(untrusted.warnings).toHaveLength(1);
    await trustProject(artHome, root);
    expect(await loadEffectiveConfig(artHome, path.join(root, "sub"))).toEqual({
      config: { sandbox: "full-access", network: "none" },
      projectRoot: root,
      trusted: true,
      warnings: [],
    });
  });

  it("with the workspace at $HOME, $ART_HOME/config.toml is the user layer, not also a project layer", async () => {
    const home = tempDir("art-cfg-home-");
    writeTree(home, { ".art/config.toml": 'sandbox = "full-access"\n' });
    expect(await loadEffectiveConfig(path.join(home, ".art"), home)).toMatchObject({
      config: { sandbox: "full-access" },
      warnings: [],
    });
  });

  it("gives line and column for a TOML syntax error", async () => {
    const artHome = tempDir("art-cfg-home-");
    writeFileSync(path.join(artHome, "config.toml"), 'model = "x"\nsandbox = = "read-only"\n');
    await expect(loadEffectiveConfig(artHome, tempDir())).rejects.toMatchObject({
      code: "config.invalid",
      message: expect.stringContaining(`${path.join(artHome, "config.toml")}:2:11: is not valid TOML`),
    });
  });
});

describe("project files that are symlinks", () => {
  it("a .art folder or file linked out of the project is ignored, trusted or not; a link inside is used", () => {
    const elsewhere = tempDir("art-cfg-elsewhere-");
    writeTree(elsewhere, { "config.toml": 'sandbox = "full-access"\n', "rules.toml": "version = 1\n" });
    const linkedFolder = repo();
    symlinkSync(elsewhere, path.join(linkedFolder, ".art"));
    expect(findProjectFile(linkedFolder, ".art/config.toml")).toEqual({
      kind: "ignored",
      path: path.join(linkedFolder, ".art/config.toml"),
      why: `it is a symlink to ${path.join(elsewhere, "config.toml")}, outside the project`,
    });
    const dangling = repo({ ".art/x": "" });
    symlinkSync(path.join(elsewhere, "missing.toml"), path.join(dangling, ".art/config.toml"));
    expect(findProjectFile(dangling, ".art/config.toml")).toMatchObject({ kind: "ignored" });
    const inside = repo({ "settings/config.toml": "", ".art/x": "" });
    symlinkSync("../settings/config.toml", path.join(inside, ".art/config.toml"));
    expect(findProjectFile(inside, ".art/config.toml")).toEqual({
      kind: "file",
      path: path.join(inside, ".art/config.toml"),
    });
    const artHome = tempDir("art-cfg-home-");
    expect(projectRuleLayer(linkedFolder, artHome)).toEqual({
      files: [],
      trusted: false,
      warnings: [expect.stringMatching(/rules\.toml ignored: it is a symlink to .*, outside the project\.$/)],
    });
  });
});

describe("projectRoot", () => {
  it("is the repository root, never a parent folder that only holds .art", () => {
    const parent = tempDir("art-cfg-parent-");
    writeTree(parent, { ".art/config.toml": "", "plain/deep/x": "" });
    const root = path.join(parent, "repo");
    mkdirSync(path.join(root, ".git"), { recursive: true });
    mkdirSync(path.join(root, "a", "b"), { recursive: true });
    expect(projectRoot(path.join(root, "a", "b"))).toBe(root);
    expect(projectRoot(path.join(parent, "plain", "deep"))).toBe(path.join(parent, "plain", "deep"));
  });

  it("is found from the real path of a symlinked workspace", () => {
    const root = repo({ "src/x": "" });
    const link = path.join(tempDir(), "link");
    symlinkSync(path.join(root, "src"), link);
    expect(projectRoot(link)).toBe(root);
  });
});

describe("the trust store", () => {
  it("records, lists and forgets projects by real path, and survives a second writer", async () => {
    const artHome = path.join(tempDir("art-cfg-home-"), "nested");
    const [one, two] = [repo(), repo()];
    await Promise.all([trustProject(artHome, one), trustProject(artHome, two)]);
    expect(
      readTrustFile(artHome)
        .projects.map((project) => project.path)
        .sort(),
    ).toEqual([one, two].sort());
    expect(trustOf(artHome, one)).toEqual({ trusted: true, replaced: false });
    expect(await untrustProject(artHome, one)).toBe(true);
    expect(await untrustProject(artHome, one)).toBe(false);
    expect(trustOf(artHome, one)).toEqual({ trusted: false, replaced: false });
    expect(JSON.parse(readFileSync(trustFilePath(artHome), "utf8"))).toMatchObject({ version: 1 });
  });

  it("does not trust a directory that replaced the trusted one at the same path", async () => {
    const artHome = tempDir("art-cfg-home-");
    const root = repo();
    await trustProject(artHome, root);
    renameSync(root, `${root}-moved`);
    mkdirSync(root);
    expect(trustOf(artHome, root)).toEqual({ trusted: false, replaced: true });
    expect(trustOf(artHome, `${root}-moved`)).toEqual({ trusted: false, replaced: false });
  });

  it("refuses a damaged or future trust file with a typed error instead of trusting anything", async () => {
    const artHome = tempDir("art-cfg-home-");
    writeFileSync(trustFilePath(artHome), "{not json");
    expect(() => readTrustFile(artHome)).toThrow(expect.objectContaining({ code: "config.invalid" }));
    writeFileSync(trustFilePath(artHome), JSON.stringify({ version: 2, projects: [] }));
    expect(() => readTrustFile(artHome)).toThrow(/schema version 2; this art reads version 1/);
    await expect(trustProject(artHome, repo())).rejects.toMatchObject({ code: "config.invalid" });
    expect(readFileSync(trustFilePath(artHome), "utf8")).toBe(JSON.stringify({ version: 2, projects: [] }));
  });
});
