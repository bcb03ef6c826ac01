import { z } from "zod";
import { InvalidInputError } from "../../core/index.js";
import { openForRead } from "../../workspace/index.js";
import { filePolicyOf } from "../file-policy-of.js";
import { fileReadCall } from "../policy-description.js";
import { tool } from "../tool.js";

const MAX_LINE_CHARS = 2000;
const DEFAULT_LIMIT = 2000;
const MAX_BYTES = 8 * 1024 * 1024;

const ReadFileArgs = z.object({
  path: z.string().min(1).describe("File to read, relative to the workspace."),
  offset: z.number().int().positive().optional().describe("1-based line to start at (default 1)."),
  limit: z
    .number()
    .int()
    .positive()
    .optional()
    .describe(`Number of lines to read (default ${DEFAULT_LIMIT}).`),
});

/** `read_file`: returns numbered lines of a text file. */
export const readFileTool = tool({
  name: "read_file",
  description:
    "Read a text file from the workspace. Returns numbered lines; use offset and limit for large files. " +
    "A name list_dir or grep shows with \\xHH escapes (bytes that are not UTF-8) is accepted as shown.",
  inputSchema: ReadFileArgs,
  effects: "read",
  describeForPolicy: (args) => fileReadCall(args.path, "read_file"),
  async execute(args, context) {
    // Opened, then proven readable from the descriptor: a planted symlink or hard link cannot reach a denied file.
    const {
      handle,
      relative,
      realPath,
      stats: stat,
    } = await openForRead(context.cwd, args.path, filePolicyOf(context), "file");
    try {
      const buffer = Buffer.alloc(Math.min(stat.size, MAX_BYTES));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      const bytes = buffer.subarray(0, bytesRead);
      if (bytes.subarray(0, 8192).includes(0)) {
        throw new InvalidInputError(`"${relative}" looks binary (${stat.size} bytes); it was not read.`);
      }
      // An editor driving the session has the file's live text (an unsaved buffer): read it there, at the real
      // path just proven readable. The size cap and binary check above still judged the file on disk.
      const text = context.editor
        ? (await context.editor.readTextFile(realPath)).slice(0, MAX_BYTES)
        : bytes.toString("utf8");
      const lines = text.split(/\r?\n/);
      if (lines.at(-1) === "") lines.pop();
      const start = (args.offset ?? 1) - 1;
      if (start >= lines.length && lines.length > 0) {
        throw new InvalidInputError(
          `Offset ${args.offset} is past the end of "${relative}" (${lines.length} lines).`,
        );
      }
      const end = Math.min(lines.length, start + (args.limit ?? DEFAULT_LIMIT));
      const width = String(end).length;
      const out: string[] = [];
      for (let i = start; i < end; i++) {
        const line = lines[i]!;
        const shown =
          line.length > MAX_LINE_CHARS ? `${line.slice(0, MAX_LINE_CHARS)} [… line truncated]` : line;
        out.push(`${String(i + 1).padStart(width)}\t${shown}`);
      }
      if (end < lines.length)
        out.push(`[… ${lines.length - end} more lines; read on with offset ${end + 1}]`);
      if (stat.size > MAX_BYTES)
        out.push(`[file is ${stat.size} bytes; only the first ${MAX_BYTES} were read]`);
      return out.join("\n");
    } finally {
      await handle.close();
    }
  },
});
