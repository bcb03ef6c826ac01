import { describe, expect, it } from "vitest";
import { SessionSettings } from "../core/index.js";
import { applySettingsChange } from "./settings-change.js";

const snapshot = (file: string, content: string) => ({
  path: file,
  layer: "extra" as const,
  sha256: `sha-of-${content}`,
  content,
});

const current = SessionSettings.parse({
  model: "openai-compatible:llama",
  baseUrl: "http://localhost:11434/v1",
  writableRoots: ["/cache"],
  checkpoints: true,
  rules: [snapshot("/r/a.toml", "a")],
});

function change(input: Parameters<typeof applySettingsChange>[1]) {
  return applySettingsChange(current, input, {
    cwd: "/work",
    readRules: (files) => files.map((file) => snapshot(file, file.endsWith("a.toml") ? "a" : "new")),
    baseRules: () => {
      throw new Error("only sessions without journaled rules read the layers");
    },
  });
}

describe("applySettingsChange", () => {
  it("changes nothing for an empty change or for values the session already has", () => {
    expect(change({})).toEqual({ settings: current, changed: [] });
    expect(change({ model: current.model, checkpoints: true, ruleFiles: ["/r/a.toml"] }).changed).toEqual([]);
  });

  it("a model of another provider drops the old base URL; one of the same provider keeps it", () => {
    expect(change({ model: "anthropic:claude" })).toMatchObject({ changed: ["model", "baseUrl"] });
    expect(change({ model: "anthropic:claude" }).settings.baseUrl).toBeUndefined();
    expect(change({ model: "openai-compatible:qwen" }).settings.baseUrl).toBe(current.baseUrl);
  });

  it("adds rule files after the journaled ones and resolves writable roots in the workspace", () => {
    const { settings, changed } = change({ ruleFiles: ["/r/b.toml"], writableRoots: ["out"] });
    expect(changed).toEqual(["writableRoots", "rules"]);
    expect(settings.rules?.map((rule) => rule.path)).toEqual(["/r/a.toml", "/r/b.toml"]);
    expect(settings.writableRoots).toEqual(["/work/out"]);
  });
});
