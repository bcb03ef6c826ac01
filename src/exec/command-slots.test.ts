import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AbortedError, ArtError } from "../core/index.js";
import { commandCapFrom, FairCommandSlots } from "./command-slots.js";
import { ProcessCommandRunner } from "./process-runner.js";

const never = new AbortController().signal;

describe("FairCommandSlots", () => {
  it("serves one session's commands in order and sessions in turn", async () => {
    const slots = new FairCommandSlots(1);
    const order: string[] = [];
    const held = await slots.acquire("a", never);
    const runs = [
      ["a", "a1"],
      ["a", "a2"],
      ["a", "a3"],
      ["b", "b1"],
      ["c", "c1"],
      ["b", "b2"],
    ].map(async ([owner, name]) => {
      const release = await slots.acquire(owner!, never);
      order.push(name!);
      // Give the slot back on a later turn of the loop, so the next grant happens after this one is recorded.
      setImmediate(release);
    });
    expect(slots.stats()).toEqual({ limit: 1, running: 1, waiting: 6, waitingOwners: 3 });
    held();
    await Promise.all(runs);
    expect(order).toEqual(["a1", "b1", "c1", "a2", "b2", "a3"]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(slots.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it("gives a cancelled waiter's place to the next one", async () => {
    const slots = new FairCommandSlots(1);
    const held = await slots.acquire("a", never);
    const cancel = new AbortController();
    const cancelled = slots.acquire("b", cancel.signal);
    const next = slots.acquire("c", never);
    cancel.abort();
    await expect(cancelled).rejects.toBeInstanceOf(AbortedError);
    expect(slots.stats()).toMatchObject({ waiting: 1, waitingOwners: 1 });
    held();
    const release = await next;
    expect(slots.stats()).toMatchObject({ running: 1, waiting: 0 });
    release();
    release(); // idempotent
    expect(slots.stats().running).toBe(0);
  });

  it("refuses a cap that is not a positive whole number, naming the variable", () => {
    expect(() => commandCapFrom({ ART_MAX_COMMANDS: "lots" })).toThrow(/ART_MAX_COMMANDS must be a positive/);
    expect(() => new FairCommandSlots(0)).toThrow(ArtError);
    expect(commandCapFrom({ ART_MAX_COMMANDS: "6" })).toBe(6);
    expect(commandCapFrom({})).toBeGreaterThanOrEqual(2);
  });
});

describe("commands of many sessions under one cap", () => {
  it("never runs more than the cap at once (counted by the commands themselves)", async () => {
    const cap = 3;
    const slots = new FairCommandSlots(cap);
    const root = mkdtempSync(path.join(tmpdir(), "art-slots-"));
    const running = path.join(root, "running");
    mkdirSync(running);
    const log = path.join(root, "seen.log");
    // Each command marks itself running, records how many are running now, stays a moment, and unmarks itself.
    const command = `touch "${running}/$$"; ls "${running}" | wc -l >> "${log}"; sleep 0.1; rm "${running}/$$"`;
    const sessions = Array.from({ length: 12 }, (_, i) => `ses_${i}`);
    await Promise.all(
      sessions.flatMap((session) => {
        const runner = new ProcessCommandRunner({
          emit: () => {},
          env: process.env,
          slots,
          slotOwner: session,
        });
        return [1, 2].map((n) =>
          runner.run({ command, cwd: root, timeoutMs: 30_000 }, { callId: `${session}_${n}`, signal: never }),
        );
      }),
    );
    const seen = readFileSync(log, "utf8").trim().split("\n").map(Number);
    expect(seen).toHaveLength(24);
    expect(Math.max(...seen)).toBeLessThanOrEqual(cap);
    expect(slots.stats()).toMatchObject({ running: 0, waiting: 0 });
  });

  it("fails the same test without the cap (the count can see more than the cap)", async () => {
    const slots = new FairCommandSlots(24);
    const root = mkdtempSync(path.join(tmpdir(), "art-slots-"));
    const running = path.join(root, "running");
    mkdirSync(running);
    const log = path.join(root, "seen.log");
    // The marker stays until every command has started, so all 24 are seen together when nothing caps them.
    const command = `touch "${running}/$$"; while [ "$(ls "${running}" | wc -l)" -lt 24 ]; do sleep 0.05; done; ls "${running}" | wc -l >> "${log}"`;
    const runner = new ProcessCommandRunner({ emit: () => {}, env: process.env, slots, slotOwner: "one" });
    await Promise.all(
      Array.from({ length: 24 }, (_, n) =>
        runner.run({ command, cwd: root, timeoutMs: 30_000 }, { callId: `c${n}`, signal: never }),
      ),
    );
    expect(Math.max(...readFileSync(log, "utf8").trim().split("\n").map(Number))).toBe(24);
  });
});
