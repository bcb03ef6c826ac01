import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { SqliteQueue } from "./sqlite-queue.js";

const task = (prompt: string) => ({ kind: "session" as const, agent: "effector", prompt });

describe("SqliteQueue claims", () => {
  it("takes the highest priority first, then submit order, and skips a live lease", () => {
    const queue = new SqliteQueue(path.join(tempDir(), "q.db"));
    try {
      queue.enqueue("low", "q", task("a"), 0, "ses_a");
      queue.enqueue("high", "q", task("b"), 5, "ses_b");
      queue.enqueue("low2", "q", task("c"), 0, "ses_c");
      expect(queue.claim("q", "A", 60_000, ["effector"])?.id).toBe("high");
      expect(queue.claim("q", "A", 60_000, ["effector"])?.id).toBe("low");
      expect(queue.claim("q", "B", 60_000, ["effector"])?.id).toBe("low2");
      // All three are leased and alive: nothing for anyone.
      expect(queue.claim("q", "B", 60_000, ["effector"])).toBeUndefined();
      // Only the lease holder may finish its task.
      expect(queue.finish("high", "B", "done", {})).toBe(false);
      expect(queue.finish("high", "A", "done", {})).toBe(true);
    } finally {
      queue.close();
    }
  });

  it("hands an expired lease to another owner, with the same session, never back to its holder", () => {
    const queue = new SqliteQueue(path.join(tempDir(), "q.db"));
    try {
      queue.enqueue("t", "q", task("a"), 0, "ses_a");
      // A lease that ended before it began: expired at once.
      expect(queue.claim("q", "A", -1000, ["effector"])?.attempts).toBe(1);
      expect(queue.claim("q", "A", -1000, ["effector"])).toBeUndefined();
      expect(queue.claim("q", "B", 60_000, ["effector"])).toMatchObject({
        id: "t",
        attempts: 2,
        sessionId: "ses_a",
      });
      // A's late finish loses: B owns the task now.
      expect(queue.finish("t", "A", "done", {})).toBe(false);
    } finally {
      queue.close();
    }
  });

  it("keeps the same row for a resubmitted id", () => {
    const queue = new SqliteQueue(path.join(tempDir(), "q.db"));
    try {
      queue.enqueue("t", "q", task("a"), 0, "ses_a");
      expect(queue.enqueue("t", "q", task("other"), 9, "ses_b")).toMatchObject({
        sessionId: "ses_a",
        priority: 0,
      });
    } finally {
      queue.close();
    }
  });
});

describe("SqliteQueue sharing a database", () => {
  it("a pool claims only tasks of agents it knows, and a clean close hands its tasks back at once", () => {
    const queue = new SqliteQueue(path.join(tempDir(), "q.db"));
    try {
      queue.enqueue("theirs", "q", { kind: "session", agent: "other-program", prompt: "x" }, 9, "ses_t");
      queue.enqueue("ours", "q", task("a"), 0, "ses_o");
      // Another program's task, even at a higher priority, is not ours to run (or to fail as unknown).
      expect(queue.readyQueues(["effector"])).toEqual(["q"]);
      expect(queue.claim("q", "A", 60_000, ["effector"])?.id).toBe("ours");
      expect(queue.claim("q", "A", 60_000, ["effector"])).toBeUndefined();
      expect(queue.readyQueues(["nobody"])).toEqual([]);
      // A released task is claimable at once by the next pool, with its session.
      queue.release("A");
      expect(queue.claim("q", "B", 60_000, ["effector"])).toMatchObject({ id: "ours", sessionId: "ses_o" });
      expect(queue.get("theirs")?.state).toBe("queued");
    } finally {
      queue.close();
    }
  });
});
