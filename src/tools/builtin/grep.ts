import { lstat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { InvalidInputError } from "../../core/index.js";
import {
  displayName,
  type FilePolicy,
  isWithin,
  openForRead,
  pathArgument,
  runUserGit,
} from "../../workspace/index.js";
import { filePolicyOf } from "../file-policy-of.js";
import { fileReadCall } from "../policy-description.js";
import { tool } from "../tool.js";

const MAX_MATCHES = 200;
const MAX_LINE_CHARS = 300;

const GrepArgs = z.object({
  pattern: z.string().min(1).describe("Extended regular expression to search for."),
  path: z
    .string()
    .optional()
    .describe("File or directory to search, relative to the workspace (default: all)."),
  glob: z.string().optional().describe("Only files matching this glob, e.g. `*.ts` or `src/**/*.py`."),
});

// git runs outside the sandbox here: nothing the workspace's own git config names may run (see `runUserGit`).
function gitGrep(
  args: string[],
  cwd: string,
  signal: AbortSignal,
): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return runUserGit(cwd, args, { signal, maxBuffer: 32 * 1024 * 1024 });
}

/** Pathspecs that keep the sandbox's denied paths inside the workspace (`$HOME/.ssh` when it is `$HOME`) out. */
function deniedExcludes(policy: FilePolicy, cwd: string): string[] {
  return policy.denyRead
    .filter((denied) => isWithin(policy.workspace, denied) && denied !== policy.workspace)
    .map((denied) => `:(exclude,literal)${path.relative(cwd, denied).split(path.sep).join("/")}`);
}

/**
 * Refuses a glob that could name files outside the workspace: git resolves `..` in a pathspec against the
 * repository, not the workspace, so with the workspace below the repository's top `../home/.ssh/*` would search
 * there (and outside a repository `--no-index` takes it as a path).
 */
function checkGlob(glob: string): void {
  if (glob.startsWith("/") || glob.startsWith(":") || glob.split("/").includes(".."))
    throw new InvalidInputError(
      `The glob "${glob}" reaches outside the searched folder (a leading / or :, or a .. component); give a glob relative to it.`,
    );
}

/**
 * The matched file's path, relative to `cwd` as git prints it, when grep may show matches from it: inside the
 * workspace, and not a regular file with several hard links (another of its names may be a file the sandbox
 * denies, as read_file refuses it). Checked after git read it, so this is a filter, not a proof.
 */
async function showable(cwd: string, name: Buffer): Promise<boolean> {
  const text = name.toString("utf8");
  if (path.isAbsolute(text) || text === ".." || text.startsWith("../")) return false;
  const stats = await lstat(Buffer.concat([Buffer.from(`${cwd}/`), name])).catch(() => undefined);
  return stats !== undefined && !(stats.isFile() && stats.nlink > 1);
}

/** One `path\0line\0text` record of `git grep -z -n`, shown as `path:line:text` with the path addressable. */
function formatMatch(record: Buffer): string {
  const first = record.indexOf(0);
  const second = first < 0 ? -1 : record.indexOf(0, first + 1);
  if (first < 0 || second < 0) return record.toString("utf8");
  const name = displayName(record.subarray(0, first));
  const line = record.subarray(first + 1, second).toString("utf8");
  const text = record.subarray(second + 1).toString("utf8");
  return `${name}:${line}:${text}`;
}

/** `grep`: searches file contents, honouring .gitignore, through `git grep`. */
export const grepTool = tool({
  name: "grep",
  description:
    "Search file contents with an extended regular expression. Honours .gitignore; symlinks are not followed. " +
    "Returns path:line:text matches; a path that is not valid UTF-8 shows \\xHH escapes that file tools accept back.",
  inputSchema: GrepArgs,
  effects: "read",
  describeForPolicy: (args) => fileReadCall(args.path, "grep"),
  async execute(args, context) {
    const policy = filePolicyOf(context);
    let target = ".";
    if (args.path) {
      // The searched path itself must be readable where it really is (a symlinked folder is not searched through).
      const argument = pathArgument(context.cwd, args.path);
      target = argument.relative;
      const kind = (await openForRead(context.cwd, args.path, policy, "directory").then(
        async (opened) => {
          await opened.handle.close();
          return "directory";
        },
        () => "file",
      )) as "directory" | "file";
      if (kind === "file") await (await openForRead(context.cwd, args.path, policy, "file")).handle.close();
    }
    const inRepo =
      (await gitGrep(["rev-parse", "--is-inside-work-tree"], context.cwd, context.signal)).code === 0;
    if (args.glob) checkGlob(args.glob);
    // Literal unless a glob is asked for: a folder the shell named `:(top)` must not become pathspec magic that
    // searches the whole repository above the workspace.
    const pathspec = args.glob
      ? `:(glob)${target === "." ? "" : `${target}/`}${args.glob.includes("/") ? args.glob : `**/${args.glob}`}`
      : `:(literal)${target}`;
    const command = [
      "grep",
      "-z",
      "-n",
      "-I",
      "-E",
      ...(inRepo ? ["--untracked", "--exclude-standard"] : ["--no-index", "--exclude-standard"]),
      "-e",
      args.pattern,
      "--",
      pathspec,
      ...deniedExcludes(policy, context.cwd),
    ];
    const result = await gitGrep(command, context.cwd, context.signal);
    if (result.code === 1) return "No matches.";
    if (result.code !== 0)
      return { content: [{ type: "text", text: `grep failed: ${result.stderr.trim()}` }], ok: false };
    const records: Buffer[] = [];
    let start = 0;
    for (let index = 0; index < result.stdout.length; index++) {
      if (result.stdout[index] === 0x0a) {
        if (index > start) records.push(result.stdout.subarray(start, index));
        start = index + 1;
      }
    }
    if (start < result.stdout.length) records.push(result.stdout.subarray(start));
    const verdicts = new Map<string, Promise<boolean>>();
    const allowed: Buffer[] = [];
    let withheld = 0;
    for (const record of records) {
      const end = record.indexOf(0);
      const name = end < 0 ? record : record.subarray(0, end);
      const key = name.toString("latin1");
      if (!verdicts.has(key)) verdicts.set(key, showable(context.cwd, name));
      if (await verdicts.get(key)) allowed.push(record);
      else withheld++;
    }
    if (allowed.length === 0 && withheld > 0)
      return `No matches shown: ${withheld} were in files with several hard links or outside the workspace (read those with the shell, which the sandbox confines).`;
    const shown = allowed
      .slice(0, MAX_MATCHES)
      .map(formatMatch)
      .map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} […]` : line));
    if (allowed.length > MAX_MATCHES)
      shown.push(`[… ${allowed.length - MAX_MATCHES} more matches; narrow the search]`);
    if (withheld > 0)
      shown.push(
        `[${withheld} matches in files with several hard links or outside the workspace not shown; read those with the shell]`,
      );
    return shown.join("\n");
  },
});
