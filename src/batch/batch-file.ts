import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { BatchFileError } from "./errors/index.js";

/** One task of a batch file, as written. */
const BatchLine = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, "letters, digits, '.', '_' or '-', at most 64")
    .optional(),
  task: z.string().trim().min(1, "must not be empty"),
  cwd: z.string().min(1).optional(),
  repo: z.string().min(1).optional(),
  // Never an option: the ref is passed to `git worktree add`.
  ref: z
    .string()
    .regex(/^[^-\s][^\s]*$/, "a branch, tag or commit (not starting with '-')")
    .optional(),
  model: z.string().min(1).optional(),
  agent: z.string().min(1).optional(),
});

/** One task of a batch, resolved: where it runs is absolute, its id is unique in the file. */
export interface BatchTask {
  id: string;
  /** 1-based line of the file. */
  line: number;
  task: string;
  /** Its own directory; for `repo` tasks a worktree the batch creates. */
  where: { kind: "cwd"; dir: string } | { kind: "worktree"; repo: string; ref: string };
  model?: string;
  agent?: string;
}

/** A parsed batch file and the hash that ties a run to this exact content. */
export interface BatchFile {
  file: string;
  sha256: string;
  tasks: BatchTask[];
}

function fieldOf(issue: { path: PropertyKey[] }): string {
  // An unknown key is reported by zod on the object itself, naming the key in its message.
  return issue.path.length ? `field "${issue.path.map(String).join(".")}" ` : "";
}

/**
 * Reads a JSON-lines batch file. Everything is checked before anything runs: a bad line is an error naming the
 * line and field; relative `cwd` and `repo` paths are resolved against the file's directory.
 */
export function readBatchFile(file: string): BatchFile {
  const absolute = path.resolve(file);
  let text: string;
  try {
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new BatchFileError(
      absolute,
      0,
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
  const base = path.dirname(absolute);
  const tasks: BatchTask[] = [];
  const seen = new Map<string, number>();
  const lines = text.split("\n");
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index]!.trim();
    if (!raw || raw.startsWith("//")) continue;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new BatchFileError(absolute, line, "is not valid JSON");
    }
    const parsed = BatchLine.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new BatchFileError(absolute, line, `${fieldOf(issue)}${issue.message}`);
    }
    const entry = parsed.data;
    if (entry.cwd && entry.repo) throw new BatchFileError(absolute, line, 'give "cwd" or "repo", not both');
    if (entry.ref && !entry.repo) throw new BatchFileError(absolute, line, '"ref" needs "repo"');
    const id = entry.id ?? `line-${line}`;
    const earlier = seen.get(id);
    if (earlier !== undefined)
      throw new BatchFileError(absolute, line, `id "${id}" is also the id of line ${earlier}`);
    seen.set(id, line);
    tasks.push({
      id,
      line,
      task: entry.task,
      where: entry.repo
        ? { kind: "worktree", repo: path.resolve(base, entry.repo), ref: entry.ref ?? "HEAD" }
        : { kind: "cwd", dir: path.resolve(base, entry.cwd ?? ".") },
      ...(entry.model ? { model: entry.model } : {}),
      ...(entry.agent ? { agent: entry.agent } : {}),
    });
  }
  if (tasks.length === 0) throw new BatchFileError(absolute, 0, "holds no task");
  return { file: absolute, sha256: createHash("sha256").update(text).digest("hex"), tasks };
}
