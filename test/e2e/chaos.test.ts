import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../../src/core/index.js";
import { loadState } from "../../src/orchestrator/session-state.js";
import { openSqliteJournal } from "../../src/store/index.js";
import { type KillMoment, runArtUntil } from "../support/chaos.js";
import { tempDir, writeTree } from "../support/temp-workspace.js";

/**
 * kill -9 of the whole process group at swept journal positions of a multi-step scripted session (a shell command
 * with an append effect, apply_patch, parallel reads, a second command, a final message), then `art resume --last`
 * until it is done. `CHAOS_KILLS` sets how many kills (default 20, for CI; 200 locally).
 */
const KILLS = Number(process.env.CHAOS_KILLS ?? 20);
/** Kills per session before it is left to finish: the exec and the resumes after it each die once. */
const KILLS_PER_SESSION = 3;

const PATCH = "*** Begin Patch\n*** Update File: notes.txt\n@@\n start\n+patched\n*** End Patch\n";
const SCRIPT = {
  responses: [
    {
      text: "First the log.",
      toolCalls: [{ name: "shell", arguments: { command: "echo S1 >> effects.txt" } }],
    },
    { toolCalls: [{ name: "apply_patch", arguments: { patch: PATCH } }] },
    {
      toolCalls: [
        { name: "read_file", arguments: { path: "a.txt" } },
        { name: "read_file", arguments: { path: "b.txt" } },
        { name: "read_file", arguments: { path: "notes.txt" } },
      ],
    },
    { toolCalls: [{ name: "shell", arguments: { command: "echo S2 >> effects.txt" } }] },
    { text: "All done." },
  ],
};

interface Outcome {
  events: AgentEvent[];
  seqs: number[];
  status: string | undefined;
  effects: string;
  notes: string;
}

async function inspect(home: string, dir: string): Promise<Outcome> {
  const journal = openSqliteJournal({ path: path.join(home, "art.db") });
  try {
    const {
      sessions: [session],
    } = await journal.listSessions();
    const stored = [];
    for await (const event of journal.read(session!.id)) stored.push(event);
    // The fold must load what was stored.
    await loadState(session!.id, journal.read(session!.id));
    return {
      events: stored.map((item) => item.event),
      seqs: stored.map((item) => item.seq),
      status: session?.status,
      effects: existsSync(path.join(dir, "effects.txt"))
        ? readFileSync(path.join(dir, "effects.txt"), "utf8")
        : "",
      notes: readFileSync(path.join(dir, "notes.txt"), "utf8"),
    };
  } finally {
    await journal.close();
  }
}

/** The result of the call that ran `command` (or the patch), which says whether it was interrupted. */
function resultOf(
  events: AgentEvent[],
  match: (call: Extract<AgentEvent, { type: "tool.call" }>) => boolean,
) {
  const call = events.find((event) => event.type === "tool.call" && match(event)) as
    | Extract<AgentEvent, { type: "tool.call" }>
    | undefined;
  if (!call) throw new Error("the call was never journaled");
  const result = events.find((event) => event.type === "tool.result" && event.callId === call.callId);
  if (result?.type !== "tool.result") throw new Error(`call ${call.callId} has no result`);
  return result;
}

/**
 * The k-th kill's moment. Half are swept over journal positions (relative to where the run began); every other
 * lands the moment an effect appears on disk (a line in effects.txt, the patched note), the window in which a call
 * that was not yet durable would be lost while its effect stays.
 */
function killMoment(kill: number, lastSeq: number, dir: string): KillMoment {
  if (kill % 2 === 1) {
    const effects = path.join(dir, "effects.txt");
    const notes = path.join(dir, "notes.txt");
    const read = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");
    const before = { effects: read(effects), notes: read(notes) };
    return { check: () => read(effects) !== before.effects || read(notes) !== before.notes };
  }
  return { seq: lastSeq + 1 + ((kill * 7) % 30) };
}

function times(text: string, line: string): number {
  return text.split("\n").filter((item) => item === line).length;
}

/** An effect happened exactly once, or — when its call was cut off mid-run and reported so — at most once. */
function expectOnce(count: number, interrupted: boolean, what: string): void {
  if (interrupted) expect(count, `${what} (interrupted)`).toBeLessThanOrEqual(1);
  else expect(count, what).toBe(1);
}

describe("chaos: kill -9 at swept journal positions, resume until done", () => {
  it(
    `every effect happens once and every journal is valid after ${KILLS} kills`,
    async () => {
      const scriptFile = path.join(tempDir("art-chaos-script-"), "script.json");
      writeFileSync(scriptFile, JSON.stringify(SCRIPT));
      let kills = 0;
      let session = 0;
      const user = tempDir("art-chaos-user-");
      while (kills < KILLS) {
        const home = tempDir("art-chaos-home-");
        const dir = tempDir("art-chaos-ws-");
        writeTree(dir, { "a.txt": "a\n", "b.txt": "b\n", "notes.txt": "start\nend\n" });
        const env = { HOME: user };
        const exec = [
          "exec",
          "--json",
          "--sandbox",
          "full-access",
          "--model",
          `scripted:${scriptFile}`,
          "--cwd",
          dir,
          "go",
        ];
        // Swept kill points: the k-th kill lands at a different journal position, relative to where the run began.
        let lastSeq = 0;
        let finished = false;
        for (let attempt = 0; !finished && attempt < KILLS_PER_SESSION + 4; attempt++) {
          const killing = attempt < KILLS_PER_SESSION && kills < KILLS;
          const step = await runArtUntil(
            attempt === 0 ? exec : ["resume", "--last", "--any-workspace", "--json"],
            {
              env,
              artHome: home,
              ...(killing ? { killAt: killMoment(kills, lastSeq, dir) } : {}),
            },
          );
          if (step.killed) kills++;
          else {
            expect(step.stderr, `run ${attempt} of session ${session}`).not.toMatch(
              /at .*\.js:\d+|SqliteError/,
            );
            finished = step.code === 0;
          }
          lastSeq = (await inspect(home, dir)).seqs.at(-1) ?? 0;
        }
        const outcome = await inspect(home, dir);
        expect(outcome.status, `session ${session} ends completed`).toBe("completed");
        expect(outcome.seqs).toEqual(outcome.seqs.map((_, index) => index + 1));
        const types = outcome.events.map((event) => event.type);
        expect(types.filter((type) => type === "turn.completed")).toHaveLength(1);
        expect(types.filter((type) => type === "turn.failed")).toHaveLength(0);
        const isCommand = (command: string) => (call: { name: string; arguments: unknown }) =>
          call.name === "shell" && (call.arguments as { command?: string }).command === command;
        expectOnce(
          times(outcome.effects, "S1"),
          resultOf(outcome.events, isCommand("echo S1 >> effects.txt")).interrupted,
          "S1",
        );
        expectOnce(
          times(outcome.effects, "S2"),
          resultOf(outcome.events, isCommand("echo S2 >> effects.txt")).interrupted,
          "S2",
        );
        expect(outcome.effects.replaceAll(/S1\n|S2\n/g, "")).toBe("");
        const patch = resultOf(outcome.events, (call) => call.name === "apply_patch");
        expectOnce(times(outcome.notes, "patched"), patch.interrupted, "the patch");
        // Every call got exactly one result.
        const calls = outcome.events.filter((event) => event.type === "tool.call").length;
        expect(outcome.events.filter((event) => event.type === "tool.result")).toHaveLength(calls);
        session++;
      }
      expect(kills).toBe(KILLS);
      console.log(`chaos: ${kills} kills over ${session} sessions`);
    },
    Math.max(120_000, KILLS * 8_000),
  );
});
