import { execFile } from "node:child_process";
import { z } from "zod";
import { resolveInWorkspace } from "../../workspace/index.js";
import { defineTool } from "../tool.js";

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

function gitGrep(
  args: string[],
  cwd: string,
  signal: AbortSignal,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "git",
      args,
      {
        cwd,
        signal,
        maxBuffer: 32 * 1024 * 1024,
        env: { ...process.env, GIT_CONFIG_NOSYSTEM: "1", LC_ALL: "C" },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 2) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `grep`: searches file contents, honouring .gitignore, through `git grep`. */
export const grepTool = defineTool({
  name: "grep",
  description:
    "Search file contents with an extended regular expression. Honours .gitignore. Returns path:line:text matches.",
  schema: GrepArgs,
  effects: "read",
  async run(args, context) {
    const target = args.path ? resolveInWorkspace(context.cwd, args.path).relative : ".";
    const inRepo =
      (await gitGrep(["rev-parse", "--is-inside-work-tree"], context.cwd, context.signal)).code === 0;
    const pathspec = args.glob
      ? `:(glob)${target === "." ? "" : `${target}/`}${args.glob.includes("/") ? args.glob : `**/${args.glob}`}`
      : target;
    const command = [
      "grep",
      "-n",
      "-I",
      "-E",
      ...(inRepo ? ["--untracked", "--exclude-standard"] : ["--no-index", "--exclude-standard"]),
      "-e",
      args.pattern,
      "--",
      pathspec,
    ];
    const result = await gitGrep(command, context.cwd, context.signal);
    if (result.code === 1) return { output: "No matches." };
    if (result.code !== 0) return { output: `grep failed: ${result.stderr.trim()}`, ok: false };
    const lines = result.stdout.split("\n").filter(Boolean);
    const shown = lines
      .slice(0, MAX_MATCHES)
      .map((line) => (line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} […]` : line));
    if (lines.length > MAX_MATCHES)
      shown.push(`[… ${lines.length - MAX_MATCHES} more matches; narrow the search]`);
    return { output: shown.join("\n") };
  },
});
