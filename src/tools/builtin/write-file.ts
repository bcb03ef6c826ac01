import { randomBytes } from "node:crypto";
import { mkdir, rename, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { resolveForWrite } from "../../workspace/index.js";
import { defineTool } from "../tool.js";

const WriteFileArgs = z.object({
  path: z.string().min(1).describe("File to write, relative to the workspace. Parent folders are created."),
  content: z.string().describe("The whole new content of the file."),
});

/** `write_file`: creates or replaces a file inside the workspace, atomically. */
export const writeFileTool = defineTool({
  name: "write_file",
  description:
    "Create or overwrite a file in the workspace with the given content. Prefer apply_patch for edits.",
  schema: WriteFileArgs,
  effects: "write",
  async run(args, context) {
    const { absolute, relative } = resolveForWrite(context.cwd, args.path);
    await mkdir(path.dirname(absolute), { recursive: true });
    // Parents may have been created just now: check again before writing.
    resolveForWrite(context.cwd, args.path);
    const existing = await stat(absolute).catch(() => undefined);
    if (existing?.isDirectory()) return { output: `"${relative}" is a directory.`, ok: false };
    const temp = path.join(
      path.dirname(absolute),
      `.${path.basename(absolute)}.art-${randomBytes(4).toString("hex")}`,
    );
    try {
      await writeFile(temp, args.content, { mode: existing ? existing.mode & 0o7777 : 0o644, flag: "wx" });
      await rename(temp, absolute);
    } catch (error) {
      await unlink(temp).catch(() => {});
      throw error;
    }
    const bytes = Buffer.byteLength(args.content);
    return { output: `${existing ? "Replaced" : "Created"} ${relative} (${bytes} bytes).` };
  },
});
