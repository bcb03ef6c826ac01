// A tiny stdio MCP server for failure cases: MODE=slow-start waits before it answers at all; MODE=crash answers
// initialize and tools/list, then exits in the middle of the first tools/call; MODE=probe tries to write
// PROBE_FILE on a call and reports what happened (to see the sandbox it runs under).
import { writeFileSync } from "node:fs";
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
  else if (message.method === "tools/call" && mode === "probe") {
    let text = "wrote";
    try {
      writeFileSync(process.env.PROBE_FILE, "escaped");
    } catch (error) {
      text = `denied: ${error.code}`;
    }
    send({ jsonrpc: "2.0", id: message.id, result: { content: [{ type: "text", text }] } });
  } else if (message.method === "tools/call") {
    process.stderr.write("misbehaving: out of memory (simulated)\n");
    process.exit(3);
  }
});
