import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type MockLlmServer, startMockLlmServer } from "../support/mock-llm-server/index.js";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

type Event = Record<string, unknown> & { type: string };

function workspace(): string {
  const dir = tempDir("art-ws-");
  mkdirSync(path.join(dir, ".git"));
  return dir;
}

function script(responses: unknown[]): string {
  const file = path.join(tempDir(), "script.json");
  writeFileSync(file, JSON.stringify({ responses }));
  return file;
}

/** Runs one scripted `art exec` session and returns its events. */
async function session(cwd: string, env: NodeJS.ProcessEnv, responses: unknown[]): Promise<Event[]> {
  const run = await runArt(["exec", "--json", "--model", `scripted:${script(responses)}`, "go"], {
    cwd,
    env,
  });
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  return jsonLines(run.stdout);
}

function results(events: Event[], name: string) {
  return events.filter((e) => e.type === "tool.result" && e.name === name) as Array<
    Event & { ok: boolean; output: string; error?: { code: string } }
  >;
}

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close({ allowUnconsumed: true });
  server = undefined;
});

describe("long-term memory across art exec sessions (scripted model, offline embedder)", () => {
  it("one session remembers, the next recalls; list, edit and forget with art memory; scopes stay apart", async () => {
    const env = { ART_HOME: tempDir("art-home-") };
    const project = workspace();
    const first = await session(project, env, [
      {
        toolCalls: [
          {
            name: "remember",
            arguments: { text: "The integration tests need the billing service on port 7070." },
          },
          {
            name: "remember",
            arguments: { text: "The user wants answers in British English.", scope: "user" },
          },
          { name: "remember", arguments: { text: "Deploy key is ghp_abcdefghijklmnopqrstuvwxyz0123" } },
        ],
      },
      { text: "Saved." },
    ]);
    const remembered = results(first, "remember");
    expect(remembered.map((r) => r.ok)).toEqual([true, true, false]);
    expect(remembered[2]?.output).toContain("secret");
    expect(remembered[2]?.output).not.toContain("ghp_abcdefghijklmnopqrstuvwxyz0123");

    const second = await session(project, env, [
      {
        toolCalls: [
          { name: "recall", arguments: { query: "which port do the integration tests use?", k: 1 } },
        ],
      },
      { text: "Port 7070." },
    ]);
    const [recalled] = results(second, "recall");
    expect(recalled?.ok).toBe(true);
    expect(recalled?.output).toContain("port 7070");

    // Another workspace sees the user's memory, not the project's.
    const elsewhere = await session(workspace(), env, [
      { toolCalls: [{ name: "recall", arguments: { query: "integration tests port", k: 5 } }] },
      { text: "ok" },
    ]);
    const [far] = results(elsewhere, "recall");
    expect(far?.output).toContain("British English");
    expect(far?.output).not.toContain("7070");

    const listed = await runArt(["memory", "list", "--json"], { cwd: project, env });
    expect(listed.stderr).toBe("");
    const records = JSON.parse(listed.stdout) as Array<{
      id: string;
      text: string;
      scope: string;
      sessionId: string;
      turnId: string;
    }>;
    expect(records.map((r) => r.scope).sort()).toEqual(["user", "workspace"]);
    const portMemory = records.find((r) => r.text.includes("7070"))!;
    expect(portMemory.sessionId).toMatch(/^ses_/);
    // Provenance names the session that remembered it (the first one's events carry its id).
    expect(JSON.stringify(first)).toContain(portMemory.sessionId);
    expect(JSON.stringify(second)).not.toContain(portMemory.sessionId);
    expect(portMemory.turnId).toMatch(/^turn_/);

    const edited = await runArt(
      ["memory", "edit", portMemory.id, "The integration tests need billing on port 8080."],
      {
        cwd: project,
        env,
      },
    );
    expect(edited.code).toBe(0);
    const secretEdit = await runArt(["memory", "edit", portMemory.id, "password=supersecretvalue"], {
      cwd: project,
      env,
    });
    expect(secretEdit.code).not.toBe(0);
    expect(secretEdit.stderr).toContain("memory.secret_refused");
    expect(secretEdit.stderr).not.toContain("    at ");

    const forgot = await runArt(["memory", "forget", portMemory.id], { cwd: project, env });
    expect(forgot.code).toBe(0);
    const again = await runArt(["memory", "forget", portMemory.id], { cwd: project, env });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("memory.not_found");
    const after = JSON.parse(
      (await runArt(["memory", "list", "--json"], { cwd: project, env })).stdout,
    ) as unknown[];
    expect(after).toHaveLength(1);
  });

  it("with ART_MEMORY_CONTEXT_TOKENS the turn's prompt carries the relevant memories (embedder over /v1/embeddings)", async () => {
    const home = tempDir("art-home-");
    const project = workspace();
    // One mock server per session (each session's script starts at response 0); its /v1/embeddings gives the same
    // vectors for the same text, so the store built through the first one is the same embedder's for the others.
    const exec = async (responses: unknown[], task: string, extra: NodeJS.ProcessEnv = {}) => {
      server = await startMockLlmServer({ responses: responses as never });
      const baseUrl = `${server.url}/v1`;
      const run = await runArt(
        ["exec", "--json", "--model", "openai-compatible:mock", "--base-url", baseUrl, task],
        {
          cwd: project,
          env: {
            ART_HOME: home,
            OPENAI_COMPATIBLE_API_KEY: "test",
            ART_MEMORY_EMBEDDER: "openai-compatible:mock-embed",
            ART_MEMORY_EMBEDDER_BASE_URL: baseUrl,
            ...extra,
          },
        },
      );
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      const requests = server.requests;
      await server.close();
      server = undefined;
      return {
        events: jsonLines(run.stdout),
        firstPrompt: JSON.stringify(requests.find((r) => r.path === "/v1/chat/completions")?.body),
        embeddings: requests.filter((r) => r.path === "/v1/embeddings").length,
      };
    };
    const first = await exec(
      [
        {
          toolCalls: [
            { name: "remember", arguments: { text: "Releases are cut from the stable branch on Tuesdays." } },
          ],
        },
        { text: "Noted." },
      ],
      "remember how releases work",
    );
    expect(results(first.events, "remember")[0]?.ok).toBe(true);
    expect(first.embeddings).toBeGreaterThan(0);
    const withMemory = await exec([{ text: "On Tuesdays." }], "when are releases cut?", {
      ART_MEMORY_CONTEXT_TOKENS: "200",
    });
    expect(withMemory.firstPrompt).toContain("Releases are cut from the stable branch on Tuesdays.");
    // Off by default: the same question without the setting sends no memories and embeds nothing.
    const without = await exec([{ text: "Fine." }], "when are releases cut?");
    expect(without.firstPrompt).toContain("when are releases cut?");
    expect(without.firstPrompt).not.toContain("stable branch");
    expect(without.embeddings).toBe(0);
  });
});
