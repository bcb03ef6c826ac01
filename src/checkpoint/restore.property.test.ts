import { chmodSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Checkpointer } from "./index.js";
import { makeFixture, workspaceState } from "./testing/workspace-fixture.js";

const PATHS = ["a", "b.txt", "d", "d/x", "d/y", "d/e", "d/e/z", "link"];

type Operation =
  | { kind: "write"; file: string; content: string; executable: boolean }
  | { kind: "delete"; file: string }
  | { kind: "symlink"; file: string; target: string }
  | { kind: "snapshot" };

const operation: fc.Arbitrary<Operation> = fc.oneof(
  fc.record({
    kind: fc.constant("write" as const),
    file: fc.constantFrom(...PATHS),
    content: fc.constantFrom("", "one", "ONE", "two\n", "\u0000\u00ff binary"),
    executable: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("delete" as const), file: fc.constantFrom(...PATHS) }),
  fc.record({
    kind: fc.constant("symlink" as const),
    file: fc.constantFrom(...PATHS),
    target: fc.constantFrom("a", "d/x", "../outside", "/etc/hostname", "missing"),
  }),
  fc.constant({ kind: "snapshot" as const }),
);

/** Applies a shell-like change, replacing whatever is in the way (a file where a folder must go, and so on). */
function apply(workspace: string, step: Operation): void {
  if (step.kind === "snapshot") return;
  const full = path.join(workspace, step.file);
  const parts = step.file.split("/");
  for (let index = 1; index < parts.length; index++) {
    const parent = path.join(workspace, ...parts.slice(0, index));
    try {
      if (!lstatSync(parent).isDirectory()) rmSync(parent);
    } catch {
      // missing
    }
  }
  rmSync(full, { recursive: true, force: true });
  if (step.kind === "delete") return;
  mkdirSync(path.dirname(full), { recursive: true });
  if (step.kind === "symlink") {
    symlinkSync(step.target, full);
    return;
  }
  writeFileSync(full, step.content);
  chmodSync(full, step.executable ? 0o755 : 0o644);
}

describe("restore (property)", () => {
  it("brings back exactly the state of every checkpoint, in any order", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 1, maxLength: 14 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        async (steps, picks) => {
          const fixture = makeFixture();
          try {
            const checkpointer = await Checkpointer.open({
              workspace: fixture.workspace,
              artHome: fixture.artHome,
            });
            const taken: { id: string; state: Record<string, string> }[] = [];
            let turn = 0;
            for (const step of [...steps, { kind: "snapshot" as const }]) {
              apply(fixture.workspace, step);
              if (step.kind !== "snapshot") continue;
              const result = await checkpointer.snapshot({ sessionId: "p", turn: turn++, phase: "turn-end" });
              taken.push({ id: result.checkpointId, state: workspaceState(fixture.workspace) });
            }
            for (const pick of picks) {
              const target = taken[pick % taken.length]!;
              const before = workspaceState(fixture.workspace);
              const result = await checkpointer.restore(target.id, { sessionId: "p" });
              expect(result.kept).toEqual([]);
              expect(workspaceState(fixture.workspace)).toEqual(target.state);
              // And the restore itself can be undone.
              await checkpointer.restore(result.beforeRestore.checkpointId, { sessionId: "p" });
              expect(workspaceState(fixture.workspace)).toEqual(before);
              await checkpointer.restore(target.id, { sessionId: "p" });
            }
          } finally {
            fixture.cleanup();
          }
        },
      ),
      { numRuns: Number(process.env.ART_PROPERTY_RUNS ?? 30) },
    );
  }, 120_000);
});
