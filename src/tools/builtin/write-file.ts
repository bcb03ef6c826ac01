import { z } from "zod";
import { withFileLocks, writeFileSecurely } from "../../workspace/index.js";
import { filePolicyOf } from "../file-policy-of.js";
import { fileWriteCalls } from "../policy-description.js";
import { tool } from "../tool.js";

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
    // Held against concurrent sub-agents (and apply_patch) writing the same file in this workspace.
    const result = await withFileLocks(context.cwd, [args.path], () =>
      writeFileSecurely(context.cwd, args.path, args.content, filePolicyOf(context)),
    );
    const bytes = Buffer.byteLength(args.content);
    return `${result.replaced ? "Replaced" : "Created"} ${result.relative} (${bytes} bytes).`;
  },
});
