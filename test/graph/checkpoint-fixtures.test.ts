import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { Annotation, Command, interrupt, SqliteSaver, START, StateGraph } from "../../src/graph/index.js";
import { tempDir } from "../support/temp-workspace.js";

const FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "checkpoints-v1.json");
// Old fixtures are never edited: a changed checksum means someone did.
const FIXTURE_SHA256 = "f831576fd03162c7e005ab40706c19cc42a5949528504a8e8b1d7688c8a897c3";

interface Fixture {
  checkpoints: Record<string, unknown>[];
  writes: Record<string, unknown>[];
}

const State = Annotation.Root({
  log: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
  topic: Annotation<string>(),
});

function graphOn(saver: SqliteSaver) {
  return new StateGraph(State)
    .addNode("draft", (state) => ({ log: [`draft about ${state.topic}`] }))
    .addNode("review", () => ({ log: [`review: ${interrupt<string, string>("approve the draft?")}`] }))
    .addNode("polish", () => ({ log: ["polished"] }))
    .addEdge(START, "draft")
    .addEdge(START, "polish")
    .addEdge("draft", "review")
    .compile({ checkpointer: saver });
}

/** A fresh journal database holding the fixture's rows, as a database of the version that wrote them would. */
async function databaseWith(
  fixture: Fixture,
  edit?: (row: Record<string, unknown>) => void,
): Promise<string> {
  const file = path.join(tempDir("art-graph-fixture-"), "art.db");
  const setup = new SqliteSaver({ path: file });
  await setup.flush();
  await setup.close();
  const db = new Database(file);
  const putCheckpoint = db.prepare(
    "INSERT INTO graph_checkpoints (thread_id, namespace, checkpoint_id, parent_id, step, checkpoint, metadata) VALUES (@thread_id, @namespace, @checkpoint_id, @parent_id, @step, @checkpoint, @metadata)",
  );
  const putWrite = db.prepare(
    "INSERT INTO graph_writes (thread_id, namespace, checkpoint_id, task_id, kind, write) VALUES (@thread_id, @namespace, @checkpoint_id, @task_id, @kind, @write)",
  );
  for (const row of fixture.checkpoints) {
    const copy = { ...row };
    edit?.(copy);
    putCheckpoint.run(copy);
  }
  for (const row of fixture.writes) putWrite.run(row);
  db.close();
  return file;
}

describe("graph checkpoint format v1 (stored fixture)", () => {
  const text = readFileSync(FIXTURE, "utf8");
  const fixture = JSON.parse(text) as Fixture;

  it("is unchanged", () => {
    expect(createHash("sha256").update(text).digest("hex")).toBe(FIXTURE_SHA256);
  });

  it("reads back: the thread is paused at review, and resuming it finishes the run", async () => {
    const saver = new SqliteSaver({ path: await databaseWith(fixture) });
    const graph = graphOn(saver);
    const config = { configurable: { thread_id: "fixture" } };
    const state = await graph.getState(config);
    expect(state.next).toEqual(["review"]);
    expect(state.tasks[0]?.interrupts.map((item) => item.value)).toEqual(["approve the draft?"]);
    expect(await graph.invoke(new Command({ resume: "yes" }), config)).toEqual({
      topic: "graphs",
      log: ["draft about graphs", "polished", "review: yes"],
    });
    await saver.close();
  });

  it("refuses a checkpoint of a newer format with a typed error, leaving it in place", async () => {
    const file = await databaseWith(fixture, (row) => {
      row.checkpoint = String(row.checkpoint).replace('"v":1', '"v":2');
    });
    const saver = new SqliteSaver({ path: file });
    await expect(graphOn(saver).getState({ configurable: { thread_id: "fixture" } })).rejects.toMatchObject({
      code: "graph.checkpoint_version",
    });
    await saver.close();
  });
});
