import { z } from "zod";
import { ArtError } from "../../core/index.js";
import { applyPatch, formatSummary } from "../../patch/index.js";
import { defineTool } from "../tool.js";

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
export const applyPatchTool = defineTool({
  name: "apply_patch",
  description: DESCRIPTION,
  schema: ApplyPatchArgs,
  effects: "write",
  async run(args, context) {
    try {
      const result = await applyPatch(args.patch, { cwd: context.cwd, signal: context.signal });
      context.emit({ type: "patch.applied", callId: context.callId, files: result.files });
      return { output: formatSummary(result.files) };
    } catch (error) {
      // Typed errors (bad patch, missing file, chunk not found, path escape) are for the model to read and retry.
      if (ArtError.isInstance(error) && error.code !== "aborted") return { output: error.message, ok: false };
      throw error;
    }
  },
});
