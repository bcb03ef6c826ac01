import { createHash } from "node:crypto";
import {
  chmodSync,
  chownSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp-workspace.js";
import { CODE_CACHE_SCHEMA_VERSION, codeCacheDir, loadWithCodeCache } from "./index.js";

const BUILD = "0123456789abcdef0123456789abcdef";

/** A small CommonJS bundle that reports what the loader handed it and can import an ES module dynamically. */
function bundle(dir: string, body = "41 + 1"): string {
  const file = path.join(dir, "cli.cjs");
  writeFileSync(
    file,
    `"use strict";
module.exports.answer = () => ${body};
module.exports.where = () => ({ url: __artImportMetaUrl, filename: __filename, dirname: __dirname });
module.exports.requireWorks = () => typeof require("node:path").join;
module.exports.importPath = async () => typeof (await __artImport("node:path")).join;
module.exports.importRelative = async () => (await __artImport("./esm.mjs")).name;
`,
  );
  writeFileSync(path.join(dir, "esm.mjs"), 'export const name = "beside the bundle";\n');
  return file;
}

interface Probe {
  answer(): number;
  where(): { url: string; filename: string; dirname: string };
  requireWorks(): string;
  importPath(): Promise<string>;
  importRelative(): Promise<string>;
}

function load(file: string, cacheDir: string | undefined, flavour = "exec", buildId: string | null = BUILD) {
  return loadWithCodeCache<Probe>({ file, buildId: buildId ?? undefined, flavour, cacheDir });
}

function entries(cacheDir: string): string[] {
  return readdirSync(cacheDir).sort();
}

describe("loadWithCodeCache", () => {
  it("runs the bundle as a CommonJS module with its own URL, then hits the entry it saved", async () => {
    const dir = tempDir("art-cc-");
    const cacheDir = tempDir("art-cc-cache-");
    const file = bundle(dir);

    const first = load(file, cacheDir);
    expect(first.status).toBe("miss");
    expect(first.exports.answer()).toBe(42);
    expect(first.exports.where()).toEqual({ url: pathToFileURL(file).href, filename: file, dirname: dir });
    expect(first.exports.requireWorks()).toBe("function");
    expect(await first.exports.importPath()).toBe("function");
    expect(await first.exports.importRelative()).toBe("beside the bundle");
    first.saveCache();
    expect(entries(cacheDir)).toEqual([`${BUILD.slice(0, 16)}-exec.bin`]);
    const entry = path.join(cacheDir, entries(cacheDir)[0]!);
    expect(statSync(entry).mode & 0o777).toBe(0o600);

    const second = load(file, cacheDir);
    expect(second.status).toBe("hit");
    expect(second.exports.answer()).toBe(42);
    // Compiled from cached data, its dynamic imports still work (vm's own import callback would be lost).
    expect(await second.exports.importPath()).toBe("function");
    expect(await second.exports.importRelative()).toBe("beside the bundle");
    const before = statSync(entry);
    second.saveCache(); // a hit writes nothing
    expect(statSync(entry).mtimeMs).toBe(before.mtimeMs);
    expect(statSync(entry).ino).toBe(before.ino);
  });

  it("keeps one entry per command, and drops week-old entries of other builds when it saves", () => {
    const file = bundle(tempDir("art-cc-"));
    const cacheDir = tempDir("art-cc-cache-");
    load(file, cacheDir, "exec", `ffff${BUILD.slice(4)}`).saveCache();
    load(file, cacheDir, "exec", `eeee${BUILD.slice(4)}`).saveCache();
    const weekOld = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
    utimesSync(path.join(cacheDir, `ffff${BUILD.slice(4, 16)}-exec.bin`), weekOld, weekOld);
    load(file, cacheDir, "exec").saveCache();
    load(file, cacheDir, "resume").saveCache();
    writeFileSync(path.join(cacheDir, "notes.txt"), "not ours");
    expect(entries(cacheDir)).toEqual([
      `${BUILD.slice(0, 16)}-exec.bin`,
      `${BUILD.slice(0, 16)}-resume.bin`,
      `eeee${BUILD.slice(4, 16)}-exec.bin`,
      "notes.txt",
    ]);
    expect(load(file, cacheDir, "resume").status).toBe("hit");
  });

  it("does not use an entry made for the bundle before it was changed (size or mtime differ)", () => {
    const dir = tempDir("art-cc-");
    const cacheDir = tempDir("art-cc-cache-");
    const file = bundle(dir);
    load(file, cacheDir).saveCache();
    bundle(dir, "40 + 3"); // same length, other code
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const changed = load(file, cacheDir);
    expect(changed.status).toBe("miss");
    expect(changed.exports.answer()).toBe(43);
  });

  it("ignores a damaged entry, and one whose data V8 rejects, and replaces either", () => {
    const file = bundle(tempDir("art-cc-"));
    const cacheDir = tempDir("art-cc-cache-");
    load(file, cacheDir).saveCache();
    const entry = path.join(cacheDir, entries(cacheDir)[0]!);
    const good = readFileSync(entry);

    const damaged = Buffer.from(good);
    damaged[damaged.length - 1] = damaged[damaged.length - 1]! ^ 0xff;
    writeFileSync(entry, damaged);
    const afterDamage = load(file, cacheDir);
    expect(afterDamage.status).toBe("miss");
    expect(afterDamage.exports.answer()).toBe(42);
    afterDamage.saveCache();
    expect(load(file, cacheDir).status).toBe("hit");

    // A well-formed entry (key, length and hash right) whose data is not V8's: V8 rejects it, the bundle still runs.
    // A bundle this process has not compiled yet: V8 would otherwise take it from its in-memory cache, unasked.
    const fresh = bundle(tempDir("art-cc-"), "6 * 7");
    const stat = statSync(fresh);
    const junk = Buffer.alloc(64, 7);
    const header = {
      magic: "art-code-cache",
      v: CODE_CACHE_SCHEMA_VERSION,
      buildId: BUILD,
      bundleSize: stat.size,
      bundleMtimeMs: stat.mtimeMs,
      node: process.version,
      arch: process.arch,
      sha256: createHash("sha256").update(junk).digest("hex"),
      length: junk.length,
    };
    writeFileSync(entry, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), junk]));
    const rejected = load(fresh, cacheDir);
    expect(rejected.status).toBe("rejected");
    expect(rejected.exports.answer()).toBe(42);
    rejected.saveCache();
    expect(readFileSync(entry).length).toBeGreaterThan(junk.length + 200);
  });

  it("never reads an entry others could have written or that is a symbolic link", () => {
    const file = bundle(tempDir("art-cc-"));
    const cacheDir = tempDir("art-cc-cache-");
    load(file, cacheDir).saveCache();
    const entry = path.join(cacheDir, entries(cacheDir)[0]!);

    chmodSync(entry, 0o666);
    expect(load(file, cacheDir).status).toBe("miss");
    chmodSync(entry, 0o600);
    expect(load(file, cacheDir).status).toBe("hit");

    const elsewhere = path.join(tempDir("art-cc-other-"), "planted.bin");
    writeFileSync(elsewhere, readFileSync(entry), { mode: 0o600 });

    unlinkSync(entry);
    symlinkSync(elsewhere, entry);
    expect(load(file, cacheDir).status).toBe("miss");

    if (process.getuid?.() === 0) {
      unlinkSync(entry);
      writeFileSync(entry, readFileSync(elsewhere), { mode: 0o600 });
      chownSync(entry, 4242, 4242);
      expect(load(file, cacheDir).status).toBe("miss");
    }
  });

  it("compiles afresh and writes nothing without a directory, a build id or a sane command name", () => {
    const file = bundle(tempDir("art-cc-"));
    const cacheDir = tempDir("art-cc-cache-");
    for (const loaded of [
      load(file, undefined),
      load(file, cacheDir, "exec", null),
      load(file, cacheDir, "../escape"),
    ]) {
      expect(loaded.status).toBe("off");
      expect(loaded.exports.answer()).toBe(42);
      loaded.saveCache();
    }
    expect(entries(cacheDir)).toEqual([]);
  });
});

describe("codeCacheDir", () => {
  it("is a 0700 directory under $XDG_CACHE_HOME, else under $HOME/.cache", () => {
    const xdg = tempDir("art-cc-xdg-");
    expect(codeCacheDir({ XDG_CACHE_HOME: xdg, HOME: "/nonexistent" })).toBe(
      path.join(xdg, "agent-runtime", "code-cache"),
    );
    expect(statSync(path.join(xdg, "agent-runtime", "code-cache")).mode & 0o777).toBe(0o700);
    const home = tempDir("art-cc-home-");
    expect(codeCacheDir({ HOME: home })).toBe(path.join(home, ".cache", "agent-runtime", "code-cache"));
  });

  it("is off when asked, without an absolute base, or when the directory is not private to us", () => {
    expect(codeCacheDir({ HOME: tempDir("art-cc-home-"), ART_CODE_CACHE: "0" })).toBeUndefined();
    expect(codeCacheDir({ HOME: "relative/home" })).toBeUndefined();
    expect(codeCacheDir({})).toBeUndefined();

    const open = tempDir("art-cc-xdg-");
    mkdirSync(path.join(open, "agent-runtime", "code-cache"), { recursive: true });
    chmodSync(path.join(open, "agent-runtime", "code-cache"), 0o777);
    expect(codeCacheDir({ XDG_CACHE_HOME: open })).toBeUndefined();

    const linked = tempDir("art-cc-xdg-");
    mkdirSync(path.join(linked, "agent-runtime"));
    symlinkSync(tempDir("art-cc-target-"), path.join(linked, "agent-runtime", "code-cache"));
    expect(codeCacheDir({ XDG_CACHE_HOME: linked })).toBeUndefined();
  });
});
