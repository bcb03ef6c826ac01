// MCP: time to have 3 stdio servers (server-everything) connected with their tools listed, started in parallel
// (ours) against one after another (concurrency 1), and per-call overhead of our client layer (McpConnection +
// result conversion) over the bare SDK client's callTool on the same kind of server.
// It measures server start to tools ready, the part of "session start to first model request" MCP adds.
import { createRequire } from "node:module";
import os from "node:os";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { convertResult, type McpServersConfig, startMcpServers } from "../src/mcp/index.js";
import { median, printTable, round } from "./_stats.js";

const require = createRequire(import.meta.url);
const EVERYTHING = require.resolve("@modelcontextprotocol/server-everything/dist/index.js");
const RUNS = 5;
const CALLS = 200;
const servers: McpServersConfig = Object.fromEntries(
  ["a", "b", "c"].map((name) => [name, { command: process.execPath, args: [EVERYTHING, "stdio"] }]),
);
const options = { cwd: os.tmpdir(), env: process.env };

async function startup(concurrency: number): Promise<{ total: number; slowest: number }> {
  const started = performance.now();
  const result = await startMcpServers(servers, { ...options, concurrency });
  const total = performance.now() - started;
  await result.close();
  return { total, slowest: Math.max(...Object.values(result.timings)) };
}

const parallel: number[] = [];
const serial: number[] = [];
const slowest: number[] = [];
for (let run = 0; run < RUNS; run++) {
  const ours = await startup(4);
  parallel.push(ours.total);
  slowest.push(ours.slowest);
  serial.push((await startup(1)).total);
}

const signal = new AbortController().signal;
const ours = await startMcpServers({ a: servers.a! }, options);
const connection = ours.servers[0]!.connection;
const bare = new Client({ name: "bench", version: "0" });
await bare.connect(
  new StdioClientTransport({ command: process.execPath, args: [EVERYTHING, "stdio"], stderr: "pipe" }),
);
const oursCalls: number[] = [];
const bareCalls: number[] = [];
for (let index = 0; index < CALLS; index++) {
  let started = performance.now();
  await bare.callTool({ name: "echo", arguments: { message: "x" } });
  bareCalls.push(performance.now() - started);
  started = performance.now();
  convertResult(await connection.callTool("echo", { message: "x" }, { timeoutMs: 10_000, signal }));
  oursCalls.push(performance.now() - started);
}
await bare.close();
await ours.close();

const first = median(parallel);
const serialMs = median(serial);
const overhead = median(oursCalls) - median(bareCalls);
printTable(
  ["measure", "median ms", "ratio"],
  [
    ["3 servers, parallel (ours)", round(first, 1), 1],
    ["3 servers, one after another", round(serialMs, 1), round(serialMs / first, 2)],
    ["slowest single server", round(median(slowest), 1), round(median(slowest) / first, 2)],
    ["echo call, bare SDK client", round(median(bareCalls), 3), 1],
    ["echo call, ours", round(median(oursCalls), 3), round(median(oursCalls) / median(bareCalls), 2)],
  ],
);
console.log(
  JSON.stringify({
    first_request_ms: round(first, 1),
    serial_first_request_ms: round(serialMs, 1),
    slowest_server_ms: round(median(slowest), 1),
    call_overhead_ms: round(overhead, 3),
  }),
);
