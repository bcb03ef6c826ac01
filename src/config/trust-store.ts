import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { acquireLock } from "../lock/index.js";
import { InvalidConfigError } from "./invalid-config-error.js";

/** One project the user trusts. */
export const TrustedProject = z.object({
  /** The real path of the project root (symlinks resolved) when it was trusted. */
  path: z.string(),
  /** Device and inode of that directory: a project deleted and replaced at the same path is not trusted. */
  device: z.number(),
  inode: z.number(),
  /** When it was trusted (ISO 8601). */
  trustedAt: z.string(),
});
export type TrustedProject = z.infer<typeof TrustedProject>;

/** `$ART_HOME/trusted-projects.json`. */
export const TrustFile = z.object({
  /** Schema version of this file. */
  version: z.literal(1),
  projects: z.array(TrustedProject),
});
export type TrustFile = z.infer<typeof TrustFile>;

/** Where the user's trust decisions live: under `$ART_HOME`, never in a workspace. */
export function trustFilePath(artHome: string): string {
  return path.join(artHome, "trusted-projects.json");
}

/** Reads the trust file; missing means nobody is trusted. A damaged or future file is an error, never "trusted". */
export function readTrustFile(artHome: string): TrustFile {
  const file = trustFilePath(artHome);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { version: 1, projects: [] };
    throw new InvalidConfigError(file, `cannot be read (${(error as Error).message})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new InvalidConfigError(
      file,
      "is not valid JSON (fix it, or remove it and trust the projects again)",
    );
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (version !== 1)
    throw new InvalidConfigError(
      file,
      `has schema version ${JSON.stringify(version)}; this art reads version 1`,
    );
  const parsed = TrustFile.safeParse(data);
  if (!parsed.success)
    throw new InvalidConfigError(
      file,
      `does not have the expected shape (${parsed.error.issues[0]?.message})`,
    );
  return parsed.data;
}

/** Whether the user trusts the project whose root (a real path) is `root`, and why not when it was once trusted. */
export function trustOf(artHome: string, root: string): { trusted: boolean; replaced: boolean } {
  const entry = readTrustFile(artHome).projects.find((project) => project.path === root);
  if (!entry) return { trusted: false, replaced: false };
  const stats = statSync(root, { throwIfNoEntry: false });
  const same = stats !== undefined && stats.dev === entry.device && stats.ino === entry.inode;
  return { trusted: same, replaced: !same };
}

async function update(artHome: string, change: (file: TrustFile) => TrustFile): Promise<void> {
  mkdirSync(artHome, { recursive: true, mode: 0o700 });
  const file = trustFilePath(artHome);
  const lock = await acquireLock(`${file}.lock`);
  try {
    const next = change(readTrustFile(artHome));
    // Written beside and renamed over: a crash leaves the old file or the new one, never half of either.
    const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
    try {
      writeFileSync(temp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600, flag: "wx" });
      renameSync(temp, file);
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // Nothing was written.
      }
      throw error;
    }
  } finally {
    await lock.release();
  }
}

/** Records that the user trusts the project at `root` (a real path that exists). Trusting again refreshes it. */
export async function trustProject(artHome: string, root: string, now = new Date()): Promise<TrustedProject> {
  const stats = statSync(root);
  const entry: TrustedProject = {
    path: root,
    device: stats.dev,
    inode: stats.ino,
    trustedAt: now.toISOString(),
  };
  await update(artHome, (file) => ({
    version: 1,
    projects: [...file.projects.filter((project) => project.path !== root), entry].sort((a, b) =>
      a.path.localeCompare(b.path),
    ),
  }));
  return entry;
}

/** Forgets the trust in `root`; returns whether it was trusted. */
export async function untrustProject(artHome: string, root: string): Promise<boolean> {
  let found = false;
  await update(artHome, (file) => {
    found = file.projects.some((project) => project.path === root);
    return { version: 1, projects: file.projects.filter((project) => project.path !== root) };
  });
  return found;
}
