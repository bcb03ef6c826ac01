import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { git, tempDir } from "../../../test/support/temp-workspace.js";
import { toolContext } from "../../../test/support/tool-context.js";
import { decodeEscapes } from "../../workspace/escaped-name.js";
import { displayName } from "../../workspace/index.js";
import { normalizeResult, ToolRegistry } from "../index.js";
import { coreTools } from "./index.js";

const registry = new ToolRegistry(coreTools());

async function call(cwd: string, name: string, args: unknown) {
  const { tool, args: parsed } = await registry.resolve(name, JSON.stringify(args));
  return normalizeResult(tool.name, await tool.execute(parsed, toolContext(cwd)));
}

/** `bad<0xFF>name\x.txt`: an invalid byte and a backslash in one name. */
const RAW = Buffer.concat([Buffer.from("bad"), Buffer.from([0xff]), Buffer.from("name\\x.txt")]);
const SHOWN = "bad\\xFFname\\\\x.txt";

describe("file names that are not UTF-8", () => {
  it("round-trip through the escaped form, which leaves valid names alone", () => {
    expect(displayName(RAW)).toBe(SHOWN);
    expect(decodeEscapes(SHOWN).equals(RAW)).toBe(true);
    expect(displayName(Buffer.from("naïve\\x41.txt"))).toBe("naïve\\x41.txt");
    const mixed = Buffer.from([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0x2f, 0xf0, 0x9f, 0x98, 0x80, 0x80]);
    expect(decodeEscapes(displayName(mixed)).equals(mixed)).toBe(true);
  });

  it("list_dir and grep show an addressable name that read_file and write_file accept back", async () => {
    const cwd = tempDir();
    writeFileSync(Buffer.concat([Buffer.from(`${cwd}/`), RAW]), "needle\n");
    expect((await call(cwd, "list_dir", { path: "." })).output).toBe(SHOWN);
    expect((await call(cwd, "grep", { pattern: "needle" })).output).toBe(`${SHOWN}:1:needle`);
    git(cwd, "init", "-q");
    expect((await call(cwd, "grep", { pattern: "needle" })).output).toBe(`${SHOWN}:1:needle`);
    expect((await call(cwd, "read_file", { path: SHOWN })).output).toBe("1\tneedle");
    await call(cwd, "write_file", { path: SHOWN, content: "changed\n" });
    expect(readFileSync(Buffer.concat([Buffer.from(`${cwd}/`), RAW]), "utf8")).toBe("changed\n");
    expect(readdirSync(cwd).filter((name) => name !== ".git")).toHaveLength(1);
  });
});
