import { lstat, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { InvalidInputError } from "../../core/index.js";
import { checkWriteTarget, pathArgument, withFileLocks, writeFileSecurely } from "../../workspace/index.js";
import { filePolicyOf } from "../file-policy-of.js";
import { fileWriteCalls } from "../policy-description.js";
import { tool } from "../tool.js";
import type { ToolContext } from "../tool-context.js";

const WriteFileArgs = z.object({
  path: z.string().min(1).describe("File to write, relative to the workspace. Parent folders are created."),
  content: z.string().describe("The whole new content of the file."),
});

/**
 * `write_file`: creates or replaces a file inside the workspace, atomically, where a sandboxed command of the
 * session could write it (never through a link leading elsewhere, never git metadata or protected paths).
 */
export const writeFileTool = tool({
  name: "write_file",
  description:
    "Create or overwrite a file in the workspace with the given content. Prefer apply_patch for edits. " +
    "Paths the sandbox protects (.git, .art, shell start-up files, ...) cannot be written.",
  inputSchema: WriteFileArgs,
  effects: "write",
  describeForPolicy: (args, context) => ({
    calls: fileWriteCalls(context.cwd, [args.path], "write_file"),
    summary: `write_file ${args.path}`,
  }),
  async execute(args, context) {
    const bytes = Buffer.byteLength(args.content);
    // Held against concurrent sub-agents (and apply_patch) writing the same file in this workspace.
    return withFileLocks(context.cwd, [args.path], async () => {
      const viaEditor = context.editor
        ? await writeThroughEditor(args.path, args.content, context)
        : undefined;
      if (viaEditor)
        return `${viaEditor.replaced ? "Replaced" : "Created"} ${viaEditor.relative} (${bytes} bytes).`;
      const result = await writeFileSecurely(context.cwd, args.path, args.content, filePolicyOf(context));
      return `${result.replaced ? "Replaced" : "Created"} ${result.relative} (${bytes} bytes).`;
    });
  },
});

/**
 * Writes through the editor (so the edit shows in its buffer) once the target's real path is proven writable under
 * the session's sandbox policy, exactly as for a write of our own. A file whose folder does not exist yet is left to
 * our own write (undefined), which creates the folders the same checked way.
 */
async function writeThroughEditor(
  given: string,
  content: string,
  context: ToolContext,
): Promise<{ relative: string; replaced: boolean } | undefined> {
  const target = await checkWriteTarget(context.cwd, given, filePolicyOf(context));
  const folder = await stat(path.dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory()) return undefined;
  const existing = await lstat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw new InvalidInputError(`"${given}" is a directory.`);
  await context.editor!.writeTextFile(target, content);
  return { relative: pathArgument(context.cwd, given).relative, replaced: existing !== undefined };
}
