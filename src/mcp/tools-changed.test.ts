import path from "node:path";
import { describe, expect, it } from "vitest";
import { connectWithSdk, type McpToolInfo } from "./index.js";

const CHANGING = path.resolve(import.meta.dirname, "../../test/support/mcp/changing-tools-server.mjs");

describe("tools/list_changed", () => {
  it("relists the server's tools after its notification and hands the new list to the listeners", async () => {
    const signal = new AbortController().signal;
    const connection = await connectWithSdk(
      "changing",
      { command: process.execPath, args: [CHANGING] },
      { cwd: path.dirname(CHANGING), env: process.env, signal },
    );
    try {
      expect(connection.capabilities().toolsListChanged).toBe(true);
      expect((await connection.listTools()).map((entry) => entry.name)).toEqual(["grow"]);
      const changed = new Promise<McpToolInfo[]>((resolve) => connection.onToolsChanged(resolve));
      const result = await connection.callTool("grow", {}, { timeoutMs: 10_000, signal });
      expect(result.isError).not.toBe(true);
      expect((await changed).map((entry) => entry.name)).toEqual(["grow", "grown_1"]);
    } finally {
      await connection.close();
    }
  });
});
