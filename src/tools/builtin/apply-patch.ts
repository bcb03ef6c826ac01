import { z } from "zod";
import { ArtError, throwIfAborted } from "../../core/index.js";
import { applyPatch, formatSummary, type ParsedPatch, parsePatch, planPatch } from "../../patch/index.js";
import { checkWriteTarget, type FilePolicy, openForRead, withFileLocks } from "../../workspace/index.js";
import { filePolicyOf } from "../file-policy-of.js";
import { fileWriteCalls, shortSummary } from "../policy-description.js";
import { tool } from "../tool.js";
import { commitThroughEditor } from "./patch-through-editor.js";

/**
 * Proves every path of the patch against the session's sandbox before anything is written: the files it reads
 * (updated or deleted ones, whose lines a failed match would quote back) must be readable where they really are,
 * and every file it creates, replaces, moves or deletes must be writable there. A missing file is left for the
 * patch engine to report in its own words.
 */
async function checkPatchPaths(patch: ParsedPatch, cwd: string, policy: FilePolicy): Promise<void> {
  for (const operation of patch.operations) {
    if (operation.type !== "add") {
      try {
        await (await openForRead(cwd, operation.path, policy, "file")).handle.close();
      } catch (error) {
        if (!ArtError.isInstance(error) || error.code !== "input.invalid") throw error;
      }
    }
    await checkWriteTarget(cwd, operation.path, policy);
    if (operation.type === "update" && operation.moveTo)
      await checkWriteTarget(cwd, operation.moveTo, policy);
  }
}

const ApplyPatchArgs = z.object({
  patch: z
    .string()
    .describe(
      "The whole patch, from '*** Begin Patch' to '*** End Patch' (a unified diff from `git diff` also works).",
    ),
});

const DESCRIPTION = `Edit files with a patch. Format:
*** Begin Patch
*** Add File: path/new.txt
+every line of the new file, each prefixed with +
*** Delete File: path/old.txt
*** Update File: path/file.py
*** Move to: path/renamed.py   (optional)
@@ def function_the_change_is_in():   (optional anchor line; "@@" alone also works)
 context line (starts with a space)
-line to remove
+line to add
*** End Patch
Give about 3 lines of context around each change; copy context and removed lines exactly. Paths are relative to
the workspace. The patch applies entirely or not at all; on failure the message shows the closest lines in the file.`;

/** `apply_patch`: applies a Codex-format patch (or unified diff) atomically and journals a `patch.applied` event. */
export const applyPatchTool = tool({
  name: "apply_patch",
  description: DESCRIPTION,
  inputSchema: ApplyPatchArgs,
  effects: "write",
  // Every file the patch touches is judged as a write; a patch that does not parse is judged as the tool itself
  // here and fails in the tool with a precise error.
  describeForPolicy(args, context) {
    let paths: string[] = [];
    try {
      paths = parsePatch(args.patch).operations.flatMap((operation) =>
        operation.type === "update" && operation.moveTo
          ? [operation.path, operation.moveTo]
          : [operation.path],
      );
    } catch {
      // judged by effects (an empty description)
    }
    return {
      calls: fileWriteCalls(context.cwd, paths, "apply_patch"),
      summary: shortSummary(`apply_patch ${paths.join(", ")}`),
    };
  },
  async execute(args, context) {
    try {
      const parsed = parsePatch(args.patch);
      const files = filePolicyOf(context);
      const touched = parsed.operations.flatMap((operation) =>
        operation.type === "update" && operation.moveTo
          ? [operation.path, operation.moveTo]
          : [operation.path],
      );
      const { editor } = context;
      // The read of every file and the write of the result happen under its lock: concurrent sub-agents patching
      // the same file in this workspace apply one after the other, each to the other's result.
      const result = await withFileLocks(context.cwd, touched, async () => {
        await checkPatchPaths(parsed, context.cwd, files);
        if (editor) {
          // The editor's buffers are what the patch applies to and where its edits land; the patch engine still
          // computes (and checks) the whole result before anything is written.
          const plan = await planPatch(parsed, {
            cwd: context.cwd,
            signal: context.signal,
            files,
            readText: (absolute) => editor.readTextFile(absolute),
          });
          throwIfAborted(context.signal);
          await commitThroughEditor(plan, editor, files);
          return { files: plan.files };
        }
        return applyPatch(parsed, { cwd: context.cwd, signal: context.signal, files });
      });
      context.progress.patchApplied(result.files);
      return formatSummary(result.files);
    } catch (error) {
      // Typed errors (bad patch, missing file, chunk not found, path escape) are for the model to read and retry.
      if (ArtError.isInstance(error) && error.code !== "aborted")
        return { content: [{ type: "text", text: error.message }], ok: false };
      throw error;
    }
  },
});
