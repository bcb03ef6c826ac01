// A tiny stdio MCP server for failure cases: MODE=slow-start waits before it answers at all; MODE=crash answers
// initialize and tools/list, then exits in the middle of the first tools/call.
import { createInterface } from "node:readline";

const mode = process.env.MODE ?? "crash";
const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const lines = createInterface({ input: process.stdin });

if (mode === "slow-start") await new Promise((resolve) => setTimeout(resolve, 60_000));

lines.on("line", (line) => {
  const message = JSON.parse(line);
  if (message.method === "initialize")
    send({
      jsonrpc: "2.0",
      id: message.id,
      result: {
        protocolVersion: message.params.protocolVersion,
        capabilities: { tools: {} },
        serverInfo: { name: "misbehaving", version: "0.0.0" },
      },
    });
  else if (message.method === "tools/list")
    send({
      jsonrpc: "2.0",
      id: message.id,
      result: { tools: [{ name: "boom", description: "dies mid-call", inputSchema: { type: "object" } }] },
    });
  else if (message.method === "tools/call") {
    process.stderr.write("misbehaving: out of memory (simulated)\n");
    process.exit(3);
  }
});
