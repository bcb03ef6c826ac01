import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir, writeTree } from "../../test/support/temp-workspace.js";
import { MemoryJournal } from "../store/index.js";
import { defineAgent } from "./agent-definition.js";
import { Runtime } from "./runtime.js";
import { recordingModel } from "./testing/recording-model.js";

describe("Runtime.rewind", () => {
  it("restores the files of a turn's start and forks there; refused while the session runs", async () => {
    const cwd = tempDir();
    writeTree(cwd, { "notes.txt": "v0\n" });
    const write = (content: string) => ({
      toolCalls: [{ name: "write_file", arguments: { path: "notes.txt", content } }],
    });
    const model = recordingModel([write("v1\n"), { text: "one" }, write("v2\n"), { text: "two" }]);
    const agent = defineAgent({ name: "writer", model, sandbox: "full-access", approval: "never" });
    const runtime = await Runtime.open({
      journal: new MemoryJournal(),
      artHome: tempDir("art-home-"),
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tempDir("art-user-") },
    });
    const first = runtime.run(agent, "write v1", { cwd });
    expect((await first.result).status).toBe("completed");
    const second = runtime.resume(first.sessionId, { agent, message: "write v2" });
    await expect(runtime.rewind(first.sessionId, { toTurn: 1 })).rejects.toMatchObject({
      code: "session.running",
    });
    expect((await second.result).status).toBe("completed");
    expect(readFileSync(path.join(cwd, "notes.txt"), "utf8")).toBe("v2\n");

    const rewound = await runtime.rewind(first.sessionId, { toTurn: 1 });
    expect(readFileSync(path.join(cwd, "notes.txt"), "utf8")).toBe("v1\n");
    expect(rewound).toMatchObject({ forkedFrom: first.sessionId, turn: 1, cwd });
    expect(rewound.files.map((file) => file.path)).toEqual(["notes.txt"]);
    expect(await runtime.session(rewound.sessionId)).toMatchObject({ parentId: first.sessionId, turns: 1 });
    await expect(runtime.rewind(first.sessionId, { toTurn: 5 })).rejects.toMatchObject({
      code: "runtime.no_turn_checkpoint",
    });
    await runtime.close();
  });
});
