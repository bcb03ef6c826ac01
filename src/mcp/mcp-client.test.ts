import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type ConnectedServer,
  convertResult,
  McpCallError,
  McpStartError,
  mcpTools,
  type StartedServers,
  startMcpServers,
} from "./index.js";

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
const FILESYSTEM = require.resolve("@modelcontextprotocol/server-filesystem/dist/index.js");
const MISBEHAVING = path.resolve(import.meta.dirname, "../../test/support/mcp/misbehaving-server.mjs");
const signal = new AbortController().signal;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function byName(started: StartedServers, name: string): ConnectedServer {
  const server = started.servers.find((entry) => entry.connection.server === name);
  if (!server) throw new Error(`server ${name} did not start`);
  return server;
}

describe("MCP client against the reference servers", () => {
  const workspace = mkdtempSync(path.join(os.tmpdir(), "art-mcp-"));
  let started: StartedServers;
  let http: ChildProcess;
  let url: string;

  beforeAll(async () => {
    writeFileSync(path.join(workspace, "hello.txt"), "hello from the workspace\n");
    const port = await freePort();
    url = `http://127.0.0.1:${port}/mcp`;
    http = spawn(process.execPath, [EVERYTHING, "streamableHttp"], {
      env: { ...process.env, PORT: String(port) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    await new Promise<void>((resolve) => {
      http.stderr?.on("data", (chunk: Buffer) => {
        if (chunk.toString().includes("listening")) resolve();
      });
    });
    started = await startMcpServers(
      {
        everything: { command: process.execPath, args: [EVERYTHING, "stdio"] },
        remote: { url },
        fs: { command: process.execPath, args: [FILESYSTEM, workspace], disabled_tools: ["write_file"] },
      },
      { cwd: workspace, env: process.env },
    );
  }, 60_000);

  afterAll(async () => {
    await started?.close();
    http?.kill();
  });

  it("lists the tools of all three (stdio and streamable HTTP), named and filtered for the model", () => {
    expect(started.failures).toEqual([]);
    const names = mcpTools(started.servers).map((entry) => entry.name);
    expect(names).toContain("mcp__everything__echo");
    expect(names).toContain("mcp__everything__get-sum");
    expect(names).toContain("mcp__remote__echo");
    expect(names).toContain("mcp__fs__read_text_file");
    expect(names).not.toContain("mcp__fs__write_file");
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it("calls tools over stdio and HTTP and converts text, images and structured content", async () => {
    const everything = byName(started, "everything").connection;
    const echo = convertResult(
      await everything.callTool("echo", { message: "hi" }, { timeoutMs: 10_000, signal }),
    );
    expect(echo).toEqual({ content: [{ type: "text", text: "Echo: hi" }], ok: true });
    const remote = byName(started, "remote").connection;
    const sum = convertResult(
      await remote.callTool("get-sum", { a: 2, b: 3 }, { timeoutMs: 10_000, signal }),
    );
    expect(sum.ok).toBe(true);
    expect(JSON.stringify(sum.content)).toContain("5");
    const image = convertResult(
      await everything.callTool("get-tiny-image", {}, { timeoutMs: 10_000, signal }),
    );
    expect(image.content.some((part) => part.type === "image" && part.mediaType === "image/png")).toBe(true);
    const fs = byName(started, "fs").connection;
    const read = convertResult(
      await fs.callTool(
        "read_text_file",
        { path: path.join(workspace, "hello.txt") },
        { timeoutMs: 10_000, signal },
      ),
    );
    expect(JSON.stringify(read.content)).toContain("hello from the workspace");
  });

  it("turns an isError result into a failed result the model reads", async () => {
    const fs = byName(started, "fs").connection;
    const result = convertResult(
      await fs.callTool("read_text_file", { path: "/etc/outside-the-roots" }, { timeoutMs: 10_000, signal }),
    );
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result.content)).toMatch(/denied|outside/i);
  });

  it("passes progress notifications on while a long call runs", async () => {
    const everything = byName(started, "everything").connection;
    const seen: number[] = [];
    const result = await everything.callTool(
      "trigger-long-running-operation",
      { duration: 3, steps: 6 },
      // Shorter than the whole call: it only succeeds because each progress notification resets the timeout.
      { timeoutMs: 1_500, signal, onProgress: (progress) => seen.push(progress.progress) },
    );
    expect(result.isError).not.toBe(true);
    // The last notification may race the result; the ones before it arrive in order.
    expect(seen.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it("caps a long result with a truncation note", () => {
    const capped = convertResult({ content: [{ type: "text", text: "x".repeat(50) }] }, 20);
    expect(capped.content).toEqual([
      { type: "text", text: "x".repeat(20) },
      { type: "text", text: "[MCP result truncated: 30 more characters were dropped]" },
    ]);
  });
});

describe("MCP client failure cases", () => {
  it("a required server that starts too slowly stops the session with a typed error naming it", async () => {
    const start = startMcpServers(
      {
        sluggish: {
          command: process.execPath,
          args: [MISBEHAVING],
          env: { MODE: "slow-start" },
          startup_timeout_sec: 0.5,
          required: true,
        },
      },
      { cwd: os.tmpdir(), env: process.env },
    );
    await expect(start).rejects.toBeInstanceOf(McpStartError);
    await expect(start).rejects.toThrow(
      /MCP server "sluggish" did not start: no answer within startup_timeout_sec = 0.5 s/,
    );
  });

  it("an optional server that fails is reported and the others still start", async () => {
    const started = await startMcpServers(
      {
        sluggish: {
          command: process.execPath,
          args: [MISBEHAVING],
          env: { MODE: "slow-start" },
          startup_timeout_sec: 0.5,
        },
        missing: { command: "/nonexistent/mcp-server" },
        good: { command: process.execPath, args: [MISBEHAVING] },
      },
      { cwd: os.tmpdir(), env: process.env },
    );
    try {
      expect(started.servers.map((server) => server.connection.server)).toEqual(["good"]);
      expect(started.failures.map((failure) => failure.server).sort()).toEqual(["missing", "sluggish"]);
    } finally {
      await started.close();
    }
  });

  it("a server that crashes mid-call gives an error naming the server and its last words", async () => {
    const started = await startMcpServers(
      { flaky: { command: process.execPath, args: [MISBEHAVING] } },
      { cwd: os.tmpdir(), env: process.env },
    );
    try {
      const [tool] = mcpTools(started.servers);
      expect(tool?.name).toBe("mcp__flaky__boom");
      const call = byName(started, "flaky").connection.callTool("boom", {}, { timeoutMs: 10_000, signal });
      await expect(call).rejects.toBeInstanceOf(McpCallError);
      await expect(call).rejects.toThrow(
        /MCP server "flaky" exited or closed its connection during the call to "boom" \(misbehaving: out of memory \(simulated\)\)/,
      );
    } finally {
      await started.close();
    }
  });
});
