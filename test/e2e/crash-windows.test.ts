import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

/**
 * Each recovery window, hit exactly: `ART_TEST_KILL_AFTER` makes `art` SIGKILL itself the moment a flush has made
 * the named event durable, which is the journal a real crash there leaves. The scripts hold exactly the responses
 * the session needs, so a resume that asked the model again would fail with `model.script_exhausted`.
 */
function setup(responses: unknown[]) {
  const home = tempDir("art-home-");
  const dir = tempDir("art-ws-");
  const script = path.join(tempDir("art-script-"), "script.json");
  writeFileSync(script, JSON.stringify({ responses }));
  const env = { ART_HOME: home, HOME: tempDir("art-user-") };
  const exec = (killAfter: string) =>
    runArt(["exec", "--json", "--model", `scripted:${script}`, "--cwd", dir, "do the work"], {
      env: { ...env, ART_TEST_KILL_AFTER: killAfter },
    });
  const art = (...args: string[]) => runArt(args, { env });
  return { dir, exec, art, effects: path.join(dir, "effects.txt") };
}

async function status(art: (...args: string[]) => Promise<{ stdout: string }>): Promise<unknown> {
  return jsonLines((await art("sessions", "--json")).stdout)[0]?.status;
}

const SHELL_THEN_ANSWER = [
  { toolCalls: [{ name: "shell", arguments: { command: "echo ONCE >> effects.txt" } }] },
  { text: "All done." },
];

describe("every crash window recovers", () => {
  it.each([
    ["the final text-only step is durable (before the turn-end checkpoint)", "step.completed:2"],
    ["turn.completed is durable (before session.ended)", "turn.completed"],
  ])("killed when %s: resume ends the session without a model call", async (_window, killAfter) => {
    const { exec, art, effects } = setup(SHELL_THEN_ANSWER);
    const crashed = await exec(killAfter);
    expect(crashed.code).toBeNull();
    expect(await status(art)).toBe("interrupted");
    const listed = await art("sessions");
    expect(listed.stderr).toMatch(/was interrupted; continue it with: art resume ses_/);

    const resumed = await art("resume", "--last", "--any-workspace", "--json");
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    const events = jsonLines(resumed.stdout);
    expect(events.some((event) => event.type === "step.started")).toBe(false);
    expect(events.filter((event) => event.type !== "result").at(-1)).toMatchObject({
      type: "session.ended",
      reason: "completed",
    });
    expect(readFileSync(effects, "utf8")).toBe("ONCE\n");
    expect(await status(art)).toBe("completed");

    const all = jsonLines((await art("show", "--last", "--any-workspace", "--json")).stdout);
    expect(all.filter((event) => event.type === "turn.completed")).toHaveLength(1);
    expect(all.filter((event) => event.type === "turn.failed")).toHaveLength(0);
    expect(all.map((event) => event.seq)).toEqual(all.map((_, index) => index + 1));
    // Nothing is left to do: a second resume says so instead of appending anything.
    const again = await art("resume", "--last", "--any-workspace");
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/nothing_to_resume|nothing to resume/i);
  });

  it("killed once the call is durable but before it ran: the call is reported interrupted, never run twice", async () => {
    const { exec, art, effects } = setup(SHELL_THEN_ANSWER);
    expect((await exec("step.completed:1")).code).toBeNull();
    expect(existsSync(effects)).toBe(false);
    const resumed = await art("resume", "--last", "--any-workspace", "--json");
    expect(resumed.code).toBe(0);
    expect(jsonLines(resumed.stdout)[0]).toMatchObject({ type: "tool.result", interrupted: true });
    expect(existsSync(effects)).toBe(false);
    expect(await status(art)).toBe("completed");
  });

  it("killed once the result is durable: resume goes on from the result and the command ran once", async () => {
    const { exec, art, effects } = setup(SHELL_THEN_ANSWER);
    expect((await exec("tool.result")).code).toBeNull();
    expect(readFileSync(effects, "utf8")).toBe("ONCE\n");
    const resumed = await art("resume", "--last", "--any-workspace", "--json");
    expect(resumed.code).toBe(0);
    const events = jsonLines(resumed.stdout);
    expect(events.filter((event) => event.type === "tool.result")).toHaveLength(0);
    expect(events.filter((event) => event.type !== "result").at(-1)).toMatchObject({
      type: "session.ended",
      reason: "completed",
    });
    expect(readFileSync(effects, "utf8")).toBe("ONCE\n");
  });
});
