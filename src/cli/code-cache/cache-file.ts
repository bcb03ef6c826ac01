import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

/** Bumped when the file's layout changes; an entry of another version is ignored (and replaced). */
export const CODE_CACHE_SCHEMA_VERSION = 1;

const MAGIC = "art-code-cache";

/**
 * What a cache entry must match to be used: this build of the bundle (its SHA-256, computed when it was built) and
 * the bundle file as it is now (size and mtime, so an edited bundle is not run with a stale cache), and the Node
 * that compiled it (V8 rejects another version's data by itself; the key says it up front).
 */
export interface CodeCacheKey {
  buildId: string;
  bundleSize: number;
  bundleMtimeMs: number;
  node: string;
  arch: string;
}

/** The entry's header: one JSON line before V8's data. */
interface Header extends CodeCacheKey {
  magic: typeof MAGIC;
  v: typeof CODE_CACHE_SCHEMA_VERSION;
  /** SHA-256 of the V8 data that follows (a torn or damaged file is never handed to V8). */
  sha256: string;
  length: number;
}

/** The file name of a cache entry: the build and the command it was made by (see `loadWithCodeCache`). */
export function cacheFileName(buildId: string, flavour: string): string {
  return `${buildId.slice(0, 16)}-${flavour}.bin`;
}

/**
 * Reads a cache entry, or `undefined` when there is none or it must not be used: not a regular file of ours that
 * nobody else may write (opened without following a symbolic link), a header that does not parse or does not match
 * `key`, or data whose length or hash differs from the header's.
 */
export function readCacheFile(file: string, key: CodeCacheKey): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || (stat.mode & 0o022) !== 0) return undefined;
    if (typeof process.getuid === "function" && stat.uid !== process.getuid()) return undefined;
    const content = readFileSync(fd);
    const newline = content.indexOf(10);
    if (newline < 0) return undefined;
    const header = parseHeader(content.subarray(0, newline).toString("utf8"));
    if (!header || !sameKey(header, key)) return undefined;
    const data = content.subarray(newline + 1);
    if (data.length !== header.length) return undefined;
    if (createHash("sha256").update(data).digest("hex") !== header.sha256) return undefined;
    return data;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes a cache entry: header and data to a new temporary file (0600, created exclusively), then renamed over the
 * entry, so a crash leaves the old entry or none, never half of one. Old entries of other builds in the same
 * directory are removed (only files named as ours). Failures are swallowed: the cache only saves time.
 */
export function writeCacheFile(file: string, key: CodeCacheKey, data: Buffer): void {
  const header: Header = {
    magic: MAGIC,
    v: CODE_CACHE_SCHEMA_VERSION,
    ...key,
    sha256: createHash("sha256").update(data).digest("hex"),
    length: data.length,
  };
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(temporary, Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`), data]), {
      flag: "wx",
      mode: 0o600,
    });
    renameSync(temporary, file);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {}
    return;
  }
  removeOtherBuilds(path.dirname(file), key.buildId);
}

/**
 * Entries of other builds are removed once they are a week old: an upgrade leaves no litter, while two installs
 * of different versions used side by side (a global one and a project's) do not keep deleting each other's.
 */
const OTHER_BUILD_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

function removeOtherBuilds(dir: string, buildId: string): void {
  const prefix = buildId.slice(0, 16);
  try {
    for (const name of readdirSync(dir)) {
      if (!/^[0-9a-f]{16}-[a-z0-9-]+\.bin$/.test(name) || name.startsWith(`${prefix}-`)) continue;
      const file = path.join(dir, name);
      if (Date.now() - lstatSync(file).mtimeMs > OTHER_BUILD_MAX_AGE_MS) unlinkSync(file);
    }
  } catch {}
}

function parseHeader(line: string): Header | undefined {
  try {
    const header = JSON.parse(line) as Partial<Header>;
    if (header.magic !== MAGIC || header.v !== CODE_CACHE_SCHEMA_VERSION) return undefined;
    if (typeof header.sha256 !== "string" || typeof header.length !== "number") return undefined;
    return header as Header;
  } catch {
    return undefined;
  }
}

function sameKey(header: Header, key: CodeCacheKey): boolean {
  return (
    header.buildId === key.buildId &&
    header.bundleSize === key.bundleSize &&
    header.bundleMtimeMs === key.bundleMtimeMs &&
    header.node === key.node &&
    header.arch === key.arch
  );
}
