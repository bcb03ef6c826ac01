import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as langgraph from "@langchain/langgraph";
import { afterAll, describe, expect, it } from "vitest";
import * as ours from "../../src/graph/index.js";
import { normalise } from "./normalise.js";
import { scenarios } from "./scenarios.js";

// The same scenario files run against @langchain/langgraph and against ours (with the in-memory saver, and again
// with every MemorySaver replaced by our SQLite saver); the records must be equal.
const directory = mkdtempSync(path.join(tmpdir(), "art-graph-diff-"));
const savers: ours.SqliteSaver[] = [];
let files = 0;
const oursOnSqlite = {
  ...ours,
  MemorySaver: class {
    constructor() {
      const saver = new ours.SqliteSaver({ path: path.join(directory, `saver-${files++}.db`) });
      savers.push(saver);
      // biome-ignore lint/correctness/noConstructorReturn: stands in for MemorySaver in the shared scenarios.
      return saver;
    }
  },
};

afterAll(async () => {
  for (const saver of savers) await saver.close();
  rmSync(directory, { recursive: true, force: true });
});

const quiet = <T>(action: () => Promise<T>): Promise<T> => {
  // LangGraph logs every retry with console.warn.
  const warn = console.warn;
  console.warn = () => {};
  return action().finally(() => {
    console.warn = warn;
  });
};

describe("differential: LangGraph vs agent-runtime/graph", () => {
  for (const scenario of scenarios) {
    it(scenario.name, async () => {
      const expected = normalise(await quiet(() => scenario.run(langgraph)));
      expect(normalise(await scenario.run(ours))).toEqual(expected);
      expect(normalise(await scenario.run(oursOnSqlite))).toEqual(expected);
    });
  }
  it("has at least 20 scenarios", () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(20);
  });
});
