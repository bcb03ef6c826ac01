import { describe, expect, it } from "vitest";
import type { AgentEvent } from "../core/index.js";
import { MAX_PROGRESS_CHARS, progressChannel } from "./index.js";

function channel() {
  const events: AgentEvent[] = [];
  const made = progressChannel({
    toolName: "t",
    callId: "c1",
    turnId: "t1",
    append: (event) => events.push(event),
  });
  return Object.assign(made, { events });
}

describe("progressChannel", () => {
  it("journals typed reports, plans and patch summaries for its call", () => {
    const { progress, events, failure } = channel();
    progress.report({ message: "working", data: [1, { a: "b" }] });
    progress.plan({ plan: [{ step: "s", status: "pending" }], explanation: "why" });
    progress.patchApplied([{ path: "a", kind: "added", linesAdded: 1, linesRemoved: 0 }]);
    expect(events).toEqual([
      { type: "progress.reported", turnId: "t1", callId: "c1", message: "working", data: [1, { a: "b" }] },
      { type: "plan.updated", turnId: "t1", plan: [{ step: "s", status: "pending" }], explanation: "why" },
      {
        type: "patch.applied",
        turnId: "t1",
        callId: "c1",
        files: [{ path: "a", kind: "added", linesAdded: 1, linesRemoved: 0 }],
      },
    ]);
    expect(failure).toBeUndefined();
  });

  it("refuses what the journal could not store as given, and remembers the first refusal", () => {
    const made = channel();
    const attempts: (() => void)[] = [
      () => made.progress.report(5 as never),
      () => made.progress.report({ message: 3 as never }),
      () => made.progress.report({ data: { at: new Date() } }),
      () => made.progress.report({ data: "x".repeat(MAX_PROGRESS_CHARS) }),
      () => made.progress.plan({ plan: [{ step: "s", status: "done" as never }] }),
      () => made.progress.plan(undefined as never),
      () => made.progress.patchApplied([{ path: "a" }] as never),
    ];
    for (const attempt of attempts)
      expect(attempt).toThrow(expect.objectContaining({ code: "tool.invalid_progress" }));
    expect(made.events).toEqual([]);
    expect(made.failure?.message).toMatch(/it is not an object/);
  });

  it("drops reports made after the call ended", () => {
    const made = channel();
    made.close();
    made.progress.report({ message: "late" });
    made.progress.report({ data: () => 1 });
    expect(made.events).toEqual([]);
    expect(made.failure).toBeUndefined();
  });
});
