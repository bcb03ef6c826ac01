import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { startArt } from "../support/art-process.js";
import { ART_BIN } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

function script(responses: unknown[]): string {
  const file = path.join(tempDir(), "script.json");
  writeFileSync(file, JSON.stringify({ responses }));
  return `scripted:${file}`;
}

type Elicited = { message: string; requestedSchema: unknown };

/** The SDK's own client; with `answer`, it declares elicitation and answers every form with it. */
function newClient(answer?: string, asked: Elicited[] = []): Client {
  const client = new Client(
    { name: "test-client", version: "1.0.0" },
    { capabilities: answer ? { elicitation: { form: {} } } : {} },
  );
  if (answer)
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params as Elicited);
      return { action: "accept", content: { decision: answer } };
    });
  return client;
}

function stdio(home: string): StdioClientTransport {
  return new StdioClientTransport({
    command: process.execPath,
    args: [ART_BIN, "mcp-server"],
    env: { ...(process.env as Record<string, string>), ART_HOME: home, HOME: home },
    stderr: "pipe",
  });
}

type Report = Record<string, unknown>;

async function call(
  client: Client,
  name: string,
  args: Record<string, unknown>,
  onprogress?: (progress: { progress: number; message?: string }) => void,
) {
  const result = await client.callTool({ name, arguments: args }, undefined, {
    timeout: 120_000,
    ...(onprogress ? { onprogress, resetTimeoutOnProgress: true } : {}),
  });
  const text = (result.content as { type: string; text: string }[])[0]?.text ?? "";
  return { isError: result.isError === true, text, report: (result.structuredContent ?? {}) as Report };
}

const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

const APPROVE_THEN_DONE = [
  { toolCalls: [{ name: "shell", arguments: { command: "echo ran > made.txt" } }] },
  { text: "Made it." },
  { text: "Second turn done." },
];

describe("art mcp-server driven by the SDK's own Client", () => {
  it("runs a whole session over stdio: an approval answered by elicitation, events paged, a continue", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const asked: Elicited[] = [];
    const client = newClient("approve-once", asked);
    clients.push(client);
    await client.connect(stdio(home));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      "cancel_session",
      "continue_session",
      "get_session",
      "read_events",
      "start_session",
    ]);

    const progress: string[] = [];
    const started = await call(
      client,
      "start_session",
      { task: "make the file", cwd: dir, model: script(APPROVE_THEN_DONE), approval: "untrusted" },
      (update) => progress.push(update.message ?? ""),
    );
    expect(started.isError).toBe(false);
    // The waiting call reports the session's events as MCP progress (which resets the client's timeout).
    expect(progress).toContain("approval.requested");
    expect(progress).toContain("tool.result");
    expect(started.report).toMatchObject({ status: "completed", final_message: "Made it." });
    expect(started.report.denied_approvals).toBeUndefined();
    expect(asked).toHaveLength(1);
    expect(asked[0]?.message).toContain("echo ran > made.txt");
    expect(readFileSync(path.join(dir, "made.txt"), "utf8")).toBe("ran\n");
    const sessionId = started.report.session_id as string;
    expect(sessionId).toMatch(/^ses_/);

    const first = await call(client, "read_events", { session_id: sessionId, limit: 2 });
    expect(first.report).toMatchObject({ next_from_seq: 3, more: true });
    const events = first.report.events as { seq: number; event: { type: string } }[];
    expect(events.map((stored) => stored.seq)).toEqual([1, 2]);
    expect(events[0]?.event.type).toBe("session.started");
    const rest = await call(client, "read_events", { session_id: sessionId, from_seq: 3, limit: 500 });
    const types = (rest.report.events as { event: { type: string } }[]).map((stored) => stored.event.type);
    expect(types).toContain("approval.decided");
    expect(types.at(-1)).toBe("session.ended");
    expect(rest.report.more).toBe(false);

    const continued = await call(client, "continue_session", { session_id: sessionId, prompt: "and now?" });
    expect(continued.report).toMatchObject({ status: "completed", final_message: "Second turn done." });
    const status = await call(client, "get_session", { session_id: sessionId });
    expect(status.report).toMatchObject({ session_id: sessionId, status: "completed", turns: 2, cwd: dir });
  });

  it("without elicitation the approval is denied with the reason, and the command never runs", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const client = newClient();
    clients.push(client);
    await client.connect(stdio(home));
    const started = await call(client, "start_session", {
      task: "make the file",
      cwd: dir,
      model: script(APPROVE_THEN_DONE),
      approval: "untrusted",
    });
    expect(started.report.status).toBe("completed");
    expect(existsSync(path.join(dir, "made.txt"))).toBe(false);
    const denied = started.report.denied_approvals as { summary: string; reason: string }[];
    expect(denied).toHaveLength(1);
    expect(denied[0]?.summary).toContain("echo ran > made.txt");
    expect(denied[0]?.reason).toMatch(/elicitation/);
    const events = await call(client, "read_events", { session_id: started.report.session_id, limit: 500 });
    expect(JSON.stringify(events.report.events)).toMatch(/"decision":"deny"/);
  });

  it("bad arguments give isError results naming the argument; nothing is started", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const client = newClient();
    clients.push(client);
    await client.connect(stdio(home));
    const model = script([{ text: "never" }]);
    const missingDir = await call(client, "start_session", {
      task: "x",
      cwd: path.join(dir, "nope"),
      model,
    });
    expect(missingDir).toMatchObject({ isError: true });
    expect(missingDir.text).toMatch(/Argument "cwd": .*nope is not a directory/);
    const badSandbox = await call(client, "start_session", { task: "x", cwd: dir, model, sandbox: "bogus" });
    expect(badSandbox.isError).toBe(true);
    expect(badSandbox.text).toMatch(/sandbox/);
    const noModel = await call(client, "start_session", { task: "x", cwd: dir });
    expect(noModel.isError).toBe(true);
    expect(noModel.text).toMatch(/Argument "model"/);
    const noAgent = await call(client, "start_session", { task: "x", cwd: dir, model, agent: "ghost" });
    expect(noAgent.isError).toBe(true);
    expect(noAgent.text).toMatch(/Argument "agent": No agent named "ghost"/);
    const unknown = await call(client, "get_session", { session_id: "ses_missing" });
    expect(unknown.isError).toBe(true);
    expect(unknown.text).toMatch(/Argument "session_id": there is no session "ses_missing"/);
    const badPage = await call(client, "read_events", { session_id: "ses_x", limit: 0 });
    expect(badPage.isError).toBe(true);
    expect(badPage.text).toMatch(/limit/);
    expect(badPage.text).not.toMatch(/\n\s+at /);
  });

  it("cancel_session ends a running turn as interrupted", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const client = newClient();
    clients.push(client);
    await client.connect(stdio(home));
    const started = await call(client, "start_session", {
      task: "wait",
      cwd: dir,
      model: script([
        { toolCalls: [{ name: "shell", arguments: { command: "sleep 60" } }] },
        { text: "should not get here" },
      ]),
      approval: "never",
      wait: false,
    });
    expect(started.report.status).toBe("running");
    const cancelled = await call(client, "cancel_session", { session_id: started.report.session_id });
    expect(cancelled.report.status).toBe("interrupted");
    const again = await call(client, "cancel_session", { session_id: started.report.session_id });
    expect(again.isError).toBe(true);
    expect(again.text).toMatch(/Argument "session_id": .*no turn running/);
  });

  it("writes nothing but JSON-RPC messages on stdout (stdio)", async () => {
    const home = tempDir("art-home-");
    const art = startArt(["mcp-server"], { env: { ART_HOME: home, HOME: home, ART_MODEL: "" } });
    const send = (message: object) => art.child.stdin.write(`${JSON.stringify(message)}\n`);
    send({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
    });
    await art.waitFor(() => art.stdout().includes('"id":1'));
    send({ jsonrpc: "2.0", method: "notifications/initialized" });
    // A call that fails (no model) must fail as a result, not as words on stdout.
    send({
      jsonrpc: "2.0",
      id: 2,
      method: "tools/call",
      params: { name: "start_session", arguments: { task: "x", cwd: tempDir() } },
    });
    await art.waitFor(() => art.stdout().includes('"id":2'));
    art.child.stdin.end();
    expect(await art.exited).toBe(0);
    const lines = art.stdout().trim().split("\n");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });
    expect(JSON.parse(lines[1]!).result).toMatchObject({ isError: true });
  });

  it("serves streamable HTTP on 127.0.0.1 behind a bearer token, with elicited approvals", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir();
    const art = startArt(["mcp-server", "--http", "0", "--bearer-token-env-var", "ART_TEST_TOKEN"], {
      env: { ART_HOME: home, HOME: home, ART_TEST_TOKEN: "s3cret-token" },
    });
    try {
      await art.waitFor(() => /listening on http:\/\/127\.0\.0\.1:\d+\/mcp/.test(art.stderr()));
      const url = new URL(art.stderr().match(/http:\/\/127\.0\.0\.1:\d+\/mcp/)![0]);
      expect(art.stdout()).toBe("");

      const stranger = newClient();
      await expect(stranger.connect(new StreamableHTTPClientTransport(url))).rejects.toThrow(
        /401|Unauthorized/,
      );

      const asked: Elicited[] = [];
      const client = newClient("approve-once", asked);
      clients.push(client);
      await client.connect(
        new StreamableHTTPClientTransport(url, {
          requestInit: { headers: { Authorization: "Bearer s3cret-token" } },
        }),
      );
      const started = await call(client, "start_session", {
        task: "make the file",
        cwd: dir,
        model: script(APPROVE_THEN_DONE),
        approval: "untrusted",
      });
      expect(started.report).toMatchObject({ status: "completed", final_message: "Made it." });
      expect(asked).toHaveLength(1);
      expect(existsSync(path.join(dir, "made.txt"))).toBe(true);
    } finally {
      art.child.kill("SIGTERM");
      expect(await art.exited).toBe(0);
    }
  });
});
