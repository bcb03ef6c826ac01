import { spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ART_BIN, jsonLines, REPO_ROOT, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

const GRAPH = pathToFileURL(path.join(REPO_ROOT, "dist", "graph", "index.js")).href;

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Writes a graph module with one agent node running a scripted model in `workspace`. */
function agentGraphModule(
  dir: string,
  workspace: string,
  responses: unknown[],
  approval = "on-request",
): string {
  const script = path.join(dir, "script.json");
  writeFileSync(script, JSON.stringify({ responses }));
  const file = path.join(dir, "graph.mjs");
  writeFileSync(
    file,
    `import { Annotation, agentNode, START, StateGraph } from ${JSON.stringify(GRAPH)};
const State = Annotation.Root({ task: Annotation(), result: Annotation(), files: Annotation() });
export const graph = new StateGraph(State)
  .addNode("work", agentNode({ model: ${JSON.stringify(`scripted:${script}`)}, approval: ${JSON.stringify(approval)} }, { cwd: ${JSON.stringify(workspace)} }))
  .addEdge(START, "work")
  .compile();
`,
  );
  return file;
}

describe("art graph", () => {
  it("runs the bundled LangGraph-style example with an agent node, shows it and lists its history", async () => {
    const home = tempDir("art-home-");
    const workspace = tempDir("art-ws-");
    cpSync(path.join(REPO_ROOT, "examples", "buggy-calculator"), workspace, { recursive: true });
    const module = path.join(REPO_ROOT, "examples", "graph", "fix-and-check.mjs");
    const run = await runArt(
      [
        "graph",
        "run",
        module,
        "--thread",
        "example",
        "--json",
        "--input",
        JSON.stringify({ task: "Fix the failing test", workspace }),
      ],
      { env: { ART_HOME: home } },
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const events = jsonLines(run.stdout);
    expect(events[0]).toMatchObject({ type: "graph.started", threadId: "example" });
    expect(events.filter((event) => event.type === "graph.update").map((event) => event.node)).toEqual([
      "fix",
      "check",
    ]);
    expect(events.some((event) => event.type === "exec.begin" && typeof event.sessionId === "string")).toBe(
      true,
    );
    expect(events.at(-1)).toMatchObject({
      type: "result",
      status: "completed",
      values: { verdict: "fixed", files: ["calculator.js"] },
    });
    expect(readFileSync(path.join(workspace, "calculator.js"), "utf8")).toContain("return a - b;");

    const history = await runArt(["graph", "history", "--thread", "example", "--json"], {
      env: { ART_HOME: home },
    });
    expect(history.code).toBe(0);
    const entries = jsonLines(history.stdout);
    expect(entries.map((entry) => entry.step)).toEqual([2, 1, 0, -1]);
    expect(entries.map((entry) => entry.source)).toEqual(["loop", "loop", "loop", "input"]);

    const show = await runArt(["graph", "show", module]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain("graph TD;");
    expect(show.stdout).toContain("fix --> check;");
  });

  it("surfaces an agent's approval as a graph interrupt and resumes the same session with the answer", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-graph-");
    const workspace = tempDir("art-ws-");
    const module = agentGraphModule(
      dir,
      workspace,
      [
        { toolCalls: [{ name: "shell", arguments: { command: "echo APPROVED >> effects.txt" } }] },
        { text: "Done." },
      ],
      "untrusted",
    );
    const env = { ART_HOME: home };
    const first = await runArt(
      ["graph", "run", module, "--thread", "t1", "--json", "--input", '{"task":"write the file"}'],
      { env },
    );
    expect(first.code).toBe(3);
    const interrupt = jsonLines(first.stdout).find((event) => event.type === "graph.interrupt");
    expect(interrupt).toMatchObject({ interrupts: [{ value: { type: "approval", tool: "shell" } }] });
    expect(existsSync(path.join(workspace, "effects.txt"))).toBe(false);

    const second = await runArt(["graph", "run", module, "--thread", "t1", "--json", "--resume", "true"], {
      env,
    });
    expect(second.stderr).toBe("");
    expect(second.code).toBe(0);
    expect(readFileSync(path.join(workspace, "effects.txt"), "utf8")).toBe("APPROVED\n");
    const result = jsonLines(second.stdout).at(-1)!;
    expect(result).toMatchObject({
      type: "result",
      status: "completed",
      values: { result: "Done.", files: ["effects.txt"] },
    });
    // One session, asked once and answered once: the resume continued it rather than starting another.
    const sessions = jsonLines((await runArt(["sessions", "--json"], { env })).stdout);
    expect(sessions).toHaveLength(1);
    const journal = jsonLines(
      (await runArt(["show", "--last", "--any-workspace", "--json"], { env })).stdout,
    );
    expect(journal.filter((event) => event.type === "approval.requested")).toHaveLength(1);
    expect(journal.filter((event) => event.type === "approval.decided")).toMatchObject([
      { decision: "approve-once" },
    ]);
  });

  it("after kill -9 inside an agent node's sandboxed command, resuming the thread runs every effect once", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-graph-");
    const workspace = tempDir("art-ws-");
    const module = agentGraphModule(dir, workspace, [
      { toolCalls: [{ name: "shell", arguments: { command: "echo ONCE >> effects.txt" } }] },
      { toolCalls: [{ name: "shell", arguments: { command: "echo long >> effects.txt; sleep 60" } }] },
      { text: "Finished." },
    ]);
    const child = spawn(
      process.execPath,
      [ART_BIN, "graph", "run", module, "--thread", "crash", "--json", "--input", '{"task":"work"}'],
      {
        env: { ...process.env, ART_HOME: home },
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
      },
    );
    const effects = path.join(workspace, "effects.txt");
    await waitFor(() => existsSync(effects) && readFileSync(effects, "utf8").includes("long"), 30_000);
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((resolve) => child.once("close", resolve));

    const resumed = await runArt(["graph", "run", module, "--thread", "crash", "--json"], {
      env: { ART_HOME: home },
    });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(readFileSync(effects, "utf8")).toBe("ONCE\nlong\n");
    expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({
      type: "result",
      status: "completed",
      values: { result: "Finished." },
    });
  });

  it("after kill -9 mid-superstep, the nodes that had finished are not run again", async () => {
    const home = tempDir("art-home-");
    const dir = tempDir("art-graph-");
    const file = path.join(dir, "parallel.mjs");
    writeFileSync(
      file,
      `import { appendFileSync, existsSync, writeFileSync } from "node:fs";
import { Annotation, START, StateGraph } from ${JSON.stringify(GRAPH)};
const dir = ${JSON.stringify(dir)};
const State = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
export const graph = new StateGraph(State)
  .addNode("quick", () => { appendFileSync(dir + "/quick.txt", "ran\\n"); return { log: ["quick"] }; })
  .addNode("slow", async () => {
    if (!existsSync(dir + "/slow-started")) { writeFileSync(dir + "/slow-started", ""); await new Promise((r) => setTimeout(r, 60000)); }
    return { log: ["slow"] };
  })
  .addNode("after", (state) => ({ log: ["after saw " + state.log.join("+")] }))
  .addEdge(START, "quick").addEdge(START, "slow").addEdge(["quick", "slow"], "after")
  .compile();
`,
    );
    const child = spawn(process.execPath, [ART_BIN, "graph", "run", file, "--thread", "p", "--input", "{}"], {
      env: { ...process.env, ART_HOME: home },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    await waitFor(
      () => existsSync(path.join(dir, "slow-started")) && existsSync(path.join(dir, "quick.txt")),
      30_000,
    );
    // quick's write is committed (sync durability) as soon as it finishes; give it that moment, then cut power.
    await waitFor(() => storedWrites(home).some((write) => write.includes('"node":"quick"')), 10_000);
    process.kill(-child.pid!, "SIGKILL");
    await new Promise((resolve) => child.once("close", resolve));
    const resumed = await runArt(["graph", "run", file, "--thread", "p", "--json"], {
      env: { ART_HOME: home },
    });
    expect(resumed.code).toBe(0);
    expect(readFileSync(path.join(dir, "quick.txt"), "utf8")).toBe("ran\n");
    expect(jsonLines(resumed.stdout).at(-1)).toMatchObject({
      values: { log: ["quick", "slow", "after saw quick+slow"] },
    });
  });
});

/** The graph task writes stored in the journal database. */
function storedWrites(home: string): string[] {
  try {
    const db = new Database(path.join(home, "art.db"), { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT write FROM graph_writes").all() as { write: string }[]).map(
        (row) => row.write,
      );
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}
