import { symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../test/support/temp-workspace.js";
import { lockKey, withFileLocks } from "./index.js";

describe("withFileLocks", () => {
  it("keys a file by its real path, also through a link or before it exists", () => {
    const cwd = tempDir("art-lock-");
    writeFileSync(path.join(cwd, "a.txt"), "a");
    symlinkSync(path.join(cwd, "a.txt"), path.join(cwd, "link.txt"));
    expect(lockKey(cwd, "./a.txt")).toBe(lockKey(cwd, "a.txt"));
    expect(lockKey(cwd, "link.txt")).toBe(lockKey(cwd, "a.txt"));
    expect(lockKey(cwd, "new/b.txt")).toBe(path.join(lockKey(cwd, "."), "new", "b.txt"));
  });

  it("runs holders of one file one after the other, and of different files side by side", async () => {
    const cwd = tempDir("art-lock-");
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    const first = withFileLocks(cwd, ["a.txt", "b.txt"], async () => {
      order.push("first in");
      await firstHeld;
      order.push("first out");
    });
    const second = withFileLocks(cwd, ["b.txt"], async () => {
      order.push("second");
    });
    // Another file is not held up by the first holder.
    await withFileLocks(cwd, ["c.txt"], async () => {
      order.push("other");
    });
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["first in", "other", "first out", "second"]);
  });
});
