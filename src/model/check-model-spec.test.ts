import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkModelSpec, InvalidModelSpecError, MissingApiKeyError, ScriptFileError } from "./index.js";

const KEYS = { OPENAI_API_KEY: "sk-test", ANTHROPIC_API_KEY: "sk-ant-test" };

function thrown(run: () => unknown): Error & { code?: string; hint?: string } {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected checkModelSpec to throw");
}

describe("checkModelSpec", () => {
  it("accepts each provider and returns what the client will use", () => {
    expect(checkModelSpec("openai:gpt-5", KEYS)).toMatchObject({
      provider: "openai",
      spec: "openai:gpt-5",
      model: "gpt-5",
      baseUrl: "https://api.openai.com/v1",
      apiKey: "sk-test",
    });
    expect(
      checkModelSpec("anthropic:claude-sonnet-4-5", { ...KEYS, ANTHROPIC_BASE_URL: "http://h:1/v1" }),
    ).toMatchObject({
      provider: "anthropic",
      baseUrl: "http://h:1/v1",
    });
    expect(
      checkModelSpec("openai-compatible:qwen2.5-coder:7b", {}, { baseUrl: "http://localhost:11434/v1" }),
    ).toMatchObject({ provider: "openai-compatible", model: "qwen2.5-coder:7b", apiKey: undefined });
  });

  it.each([
    ["opena:gpt-5", 'unknown provider "opena"', "Did you mean openai:gpt-5?"],
    ["OpenAI:gpt-5", 'unknown provider "OpenAI"', "Did you mean openai:gpt-5?"],
    [
      "antrhopic:claude-sonnet-4-5",
      'unknown provider "antrhopic"',
      "Did you mean anthropic:claude-sonnet-4-5?",
    ],
    ["claude:claude-sonnet-4-5", 'unknown provider "claude"', "Did you mean anthropic:claude-sonnet-4-5?"],
    ["ollama:llama3.1", 'unknown provider "ollama"', "Did you mean openai-compatible:llama3.1?"],
    ["openai-compat:x", 'unknown provider "openai-compat"', "Did you mean openai-compatible:x?"],
    ["scriptd:s.json", 'unknown provider "scriptd"', "Did you mean scripted:s.json?"],
    ["gpt-5", "it has no provider prefix", "Did you mean openai:gpt-5?"],
    ["claude-sonnet-4-5", "it has no provider prefix", "Did you mean anthropic:claude-sonnet-4-5?"],
  ])("%s is refused with a suggestion", (spec, problem, suggestion) => {
    const error = thrown(() => checkModelSpec(spec, KEYS));
    expect(error).toBeInstanceOf(InvalidModelSpecError);
    expect(error.code).toBe("model.spec_invalid");
    expect(error.message).toContain(problem);
    expect(error.hint).toContain(suggestion);
  });

  it.each([
    ["gemini:pro", 'unknown provider "gemini"'],
    ["openai:", "the model name after the colon is empty"],
    ["openai-compatible:llama3.1", "openai-compatible needs a base URL"],
    [":gpt-5", "it has no provider prefix"],
  ])("%s is refused without a wrong guess", (spec, problem) => {
    const error = thrown(() => checkModelSpec(spec, KEYS));
    expect(error).toBeInstanceOf(InvalidModelSpecError);
    expect(error.message).toContain(problem);
    expect(error.hint).not.toContain("Did you mean");
  });

  it("refuses a base URL that is not http(s), from the option or the provider's variable", () => {
    expect(
      thrown(() => checkModelSpec("openai:gpt-5", { ...KEYS, OPENAI_BASE_URL: "api.local/v1" })).message,
    ).toContain('base URL "api.local/v1" is not a valid http(s) URL');
    expect(
      thrown(() => checkModelSpec("openai-compatible:x", {}, { baseUrl: "file:///etc/passwd" })).code,
    ).toBe("model.spec_invalid");
  });

  it.each([
    ["openai:gpt-5", "OPENAI_API_KEY"],
    ["anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY"],
  ])("%s without a key (unset, empty or blank) names the variable", (spec, envVar) => {
    for (const env of [{}, { [envVar]: "" }, { [envVar]: "  " }]) {
      const error = thrown(() => checkModelSpec(spec, env));
      expect(error).toBeInstanceOf(MissingApiKeyError);
      expect(error).toMatchObject({ code: "model.api_key_missing", envVar });
    }
  });

  it("resolves a relative script path against cwd and refuses a missing one", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "art-spec-"));
    writeFileSync(path.join(dir, "s.json"), '{"responses": []}');
    expect(checkModelSpec("scripted:s.json", {}, { cwd: dir })).toEqual({
      provider: "scripted",
      spec: `scripted:${path.join(dir, "s.json")}`,
      file: path.join(dir, "s.json"),
    });
    expect(checkModelSpec(`scripted:${path.join(dir, "s.json")}`, {}, { cwd: "/" }).spec).toBe(
      `scripted:${path.join(dir, "s.json")}`,
    );
    const missing = thrown(() => checkModelSpec("scripted:nope.json", {}, { cwd: dir }));
    expect(missing).toBeInstanceOf(ScriptFileError);
    expect(missing.message).toContain(
      `${path.join(dir, "nope.json")} is not usable: the file does not exist`,
    );
    expect(thrown(() => checkModelSpec("scripted:.", {}, { cwd: dir }))).toBeInstanceOf(ScriptFileError);
  });
});
