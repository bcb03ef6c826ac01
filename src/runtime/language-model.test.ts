import { createOpenAI } from "@ai-sdk/openai";
import { afterEach, describe, expect, it } from "vitest";
import { type MockLlmServer, startMockLlmServer } from "../../test/support/mock-llm-server/index.js";
import { tempDir } from "../../test/support/temp-workspace.js";
import { MemoryJournal } from "../store/index.js";
import { defineAgent } from "./agent-definition.js";
import { Runtime } from "./runtime.js";

let server: MockLlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("an AI SDK LanguageModelV3 as the model", () => {
  it("runs through our client over the provider's wire protocol, journals its spec, and needs the object to resume", async () => {
    server = await startMockLlmServer({
      responses: [
        { toolCalls: [{ name: "list_dir", arguments: {} }] },
        { text: "Listed." },
        { text: "Again." },
      ],
    });
    const openai = createOpenAI({ baseURL: `${server.url}/v1`, apiKey: "sk-test" });
    const agent = defineAgent({
      name: "sdk",
      model: openai("gpt-5"),
      sandbox: "full-access",
      checkpoints: false,
      tools: { builtins: ["list_dir"] },
    });
    const journal = new MemoryJournal();
    const runtime = await Runtime.open({
      journal,
      artHome: tempDir("art-home-"),
      env: { PATH: process.env.PATH },
    });
    const run = runtime.run(agent, "list it", { cwd: tempDir() });
    expect(await run.result).toMatchObject({ status: "completed", finalMessage: "Listed." });
    expect((await runtime.session(run.sessionId))?.model).toBe("ai-sdk:openai.responses:gpt-5");
    expect(server.requests.map((request) => request.api)).toEqual(["openai-responses", "openai-responses"]);
    // The tools offered on the wire are the definition's.
    const body = server.requests[0]?.body as { tools?: { name: string }[] };
    expect(body.tools?.map((tool) => tool.name)).toEqual(["list_dir"]);

    await expect(runtime.resume(run.sessionId, { message: "again" }).result).rejects.toMatchObject({
      code: "runtime.definition_required",
    });
    expect(await runtime.resume(run.sessionId, { agent, message: "again" }).result).toMatchObject({
      status: "completed",
      finalMessage: "Again.",
    });
    await runtime.close();
  });
});
