import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { scriptedModelFromResponses } from "../model/index.js";
import { MemoryJournal } from "../store/index.js";
import { Agent } from "./agent.js";

describe("abort listeners", () => {
  it("runs 30 parallel reads without a MaxListenersExceededWarning, and leaves nothing on the caller's signal", async () => {
    const cwd = tempDir();
    const files = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`f${i}.txt`, `${i}\n`]));
    writeTree(cwd, files);
    const responses = [
      { toolCalls: Object.keys(files).map((file) => ({ name: "read_file", arguments: { path: file } })) },
      { text: "Read them all." },
    ];
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on("warning", onWarning);
    const caller = new AbortController();
    try {
      for (let run = 0; run < 12; run++) {
        const agent = await Agent.create({
          model: scriptedModelFromResponses(responses, { spec: "scripted:test" }),
          journal: new MemoryJournal(),
          artHome: tempDir("art-home-"),
          sandbox: "full-access",
          checkpoints: false,
        });
        const result = await agent.start("read", { cwd, signal: caller.signal }).result;
        expect(result.status).toBe("completed");
        expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
      }
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain("MaxListenersExceededWarning");
  });
});
