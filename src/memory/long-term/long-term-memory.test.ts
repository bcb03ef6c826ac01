import { afterEach, describe, expect, it } from "vitest";
import { HashEmbedder } from "../../../test/support/memory/hash-embedder.js";
import { tempDir } from "../../../test/support/temp-workspace.js";
import {
  InvalidMemoryError,
  LongTermMemory,
  MemoryNotFoundError,
  memoryContextText,
  memorySettingsFrom,
  SecretInMemoryError,
} from "../index.js";

const open: LongTermMemory[] = [];
async function memoryAt(artHome = tempDir(), env: NodeJS.ProcessEnv = {}): Promise<LongTermMemory> {
  const memory = await LongTermMemory.open({ artHome, embedder: new HashEmbedder(), env });
  open.push(memory);
  return memory;
}
afterEach(() => {
  for (const memory of open.splice(0)) memory.close();
});

describe("long-term memory", () => {
  it("keeps provenance and survives a reopen", async () => {
    const home = tempDir();
    const first = await memoryAt(home);
    const saved = await first.remember({
      text: "The tests run with npx vitest run",
      workspace: "/src/app",
      sessionId: "ses_1",
      turnId: "turn_1",
    });
    expect(saved).toMatchObject({
      scope: "workspace",
      workspace: "/src/app",
      sessionId: "ses_1",
      turnId: "turn_1",
    });
    first.close();
    open.splice(0);
    const second = await memoryAt(home);
    const [hit] = await second.recall("how do the tests run", { workspace: "/src/app" });
    expect(hit?.id).toBe(saved.id);
    expect(hit?.sessionId).toBe("ses_1");
  });

  it("separates scopes: a workspace's memories stay in it, the user's are seen everywhere", async () => {
    const memory = await memoryAt();
    await memory.remember({ text: "alpha project uses pnpm", workspace: "/a" });
    await memory.remember({ text: "beta project uses yarn", workspace: "/b" });
    await memory.remember({ text: "the user prefers short answers", scope: "user" });
    const fromA = (await memory.recall("project uses which package manager", { workspace: "/a", k: 10 })).map(
      (hit) => hit.text,
    );
    expect(fromA.sort()).toEqual(["alpha project uses pnpm", "the user prefers short answers"]);
    const fromNowhere = await memory.recall("project uses", { k: 10 });
    expect(fromNowhere.map((hit) => hit.scope)).toEqual(["user"]);
    expect(
      memory
        .list({ scope: "workspace" })
        .map((r) => r.workspace)
        .sort(),
    ).toEqual(["/a", "/b"]);
  });

  it("refuses secrets: an environment secret's value, token shapes, assignments", async () => {
    const memory = await memoryAt(tempDir(), { DEPLOY_TOKEN: "tok-0123456789abcdef" });
    const refused = [
      "deploy with tok-0123456789abcdef",
      "github token ghp_abcdefghijklmnopqrstuvwxyz0123",
      "aws AKIAIOSFODNN7EXAMPLE",
      "-----BEGIN OPENSSH PRIVATE KEY-----",
      "db is postgres://admin:hunter2hunter2@db.internal/app",
      "API_KEY=abcd1234efgh5678",
      'config has "password": "correct horse battery"',
    ];
    for (const text of refused) {
      await expect(memory.remember({ text, workspace: "/a" }), text).rejects.toBeInstanceOf(
        SecretInMemoryError,
      );
    }
    // The error names the kind of secret, never its value.
    const error = await memory
      .remember({ text: "use tok-0123456789abcdef", workspace: "/a" })
      .catch((e) => e);
    expect(error.message).toContain("DEPLOY_TOKEN");
    expect(error.message).not.toContain("tok-0123456789abcdef");
    // Naming where a secret lives is fine, and so are ordinary words the secret-name net would catch.
    await memory.remember({
      text: "the deploy token is in $DEPLOY_TOKEN; author: Ada Lovelace",
      workspace: "/a",
    });
    expect(memory.list()).toHaveLength(1);
    const saved = memory.list()[0]!;
    await expect(
      memory.edit(saved.id, "now it is ghp_abcdefghijklmnopqrstuvwxyz0123"),
    ).rejects.toBeInstanceOf(SecretInMemoryError);
    expect(memory.get(saved.id)?.text).toBe(saved.text);
  });

  it("edits and forgets by id, with typed errors for unknown ids and bad input", async () => {
    const memory = await memoryAt();
    const saved = await memory.remember({ text: "build with make", workspace: "/a", sessionId: "ses_1" });
    const edited = await memory.edit(saved.id, "build with npm run build");
    expect(edited).toMatchObject({ id: saved.id, text: "build with npm run build", sessionId: "ses_1" });
    expect(edited.createdAt).toBe(saved.createdAt);
    expect((await memory.recall("npm build", { workspace: "/a" }))[0]?.text).toBe("build with npm run build");
    memory.forget(saved.id);
    expect(memory.list()).toEqual([]);
    expect(() => memory.forget(saved.id)).toThrow(MemoryNotFoundError);
    await expect(memory.edit("mem_nope", "x")).rejects.toBeInstanceOf(MemoryNotFoundError);
    await expect(memory.remember({ text: "  ", workspace: "/a" })).rejects.toBeInstanceOf(InvalidMemoryError);
    await expect(memory.remember({ text: "relative", workspace: "a" })).rejects.toBeInstanceOf(
      InvalidMemoryError,
    );
    await expect(memory.remember({ text: "x".repeat(5000), scope: "user" })).rejects.toBeInstanceOf(
      InvalidMemoryError,
    );
    await expect(memory.recall("q", { k: 0 })).rejects.toBeInstanceOf(InvalidMemoryError);
  });

  it("the context text keeps the most relevant memories that fit the budget", () => {
    const at = (id: string, text: string) => ({
      id,
      text,
      scope: "workspace" as const,
      workspace: "/a",
      sessionId: null,
      turnId: null,
      createdAt: 0,
      updatedAt: 0,
      score: 1,
    });
    const text = memoryContextText(
      [at("m1", "short one"), at("m2", "x".repeat(400)), at("m3", "short two")],
      60,
    );
    expect(text).toContain("m1");
    expect(text).toContain("m3");
    expect(text).not.toContain("m2");
    expect(text!.indexOf("m1")).toBeLessThan(text!.indexOf("m3"));
    expect(memoryContextText([at("m2", "x".repeat(400))], 60)).toBeUndefined();
  });

  it("reads its settings from the environment, off by default", () => {
    expect(memorySettingsFrom({})).toEqual({ embedder: "default", contextTokens: 0 });
    expect(memorySettingsFrom({ ART_MEMORY_CONTEXT_TOKENS: "500" }).contextTokens).toBe(500);
    expect(() => memorySettingsFrom({ ART_MEMORY_CONTEXT_TOKENS: "lots" })).toThrow(InvalidMemoryError);
    expect(() => memorySettingsFrom({ ART_MEMORY_EMBEDDER_DIMENSIONS: "-3" })).toThrow(InvalidMemoryError);
  });
});
