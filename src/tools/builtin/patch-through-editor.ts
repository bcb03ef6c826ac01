import { stat } from "node:fs/promises";
import { commitPlan, type PatchPlan, PatchWriteError } from "../../patch/index.js";
import type { FilePolicy } from "../../workspace/index.js";
import type { EditorFiles } from "../editor-files.js";

/**
 * Writes a patch plan (computed and checked by the patch engine) through the editor, so its edits show in the
 * editor's buffers. Only a plan that modifies existing files in place goes this way; one that adds, deletes or
 * moves a file, or changes a mode, is committed by the patch engine itself, whose renames make it all or nothing.
 * Through the editor a failed write is undone by writing the earlier texts back, in reverse order: all or nothing
 * as far as the editor lets us (a write the editor refuses to undo is named in the error).
 */
export async function commitThroughEditor(
  plan: PatchPlan,
  editor: EditorFiles,
  files: FilePolicy,
): Promise<"editor" | "engine"> {
  if (!(await inPlace(plan))) {
    await commitPlan(plan, files);
    return "engine";
  }
  // The texts to restore should a later write fail.
  const before = new Map<string, string>();
  for (const write of plan.writes) before.set(write.path, await editor.readTextFile(write.path));
  const written: string[] = [];
  for (const write of plan.writes) {
    try {
      await editor.writeTextFile(write.path, write.content!);
      written.push(write.path);
    } catch (error) {
      let clean = true;
      for (const done of written.reverse()) {
        await editor.writeTextFile(done, before.get(done)!).catch(() => {
          clean = false;
        });
      }
      throw new PatchWriteError(write.relative, error, clean);
    }
  }
  return "editor";
}

/** Whether every write replaces the text of an existing regular file and keeps its mode. */
async function inPlace(plan: PatchPlan): Promise<boolean> {
  if (!plan.files.every((file) => file.kind === "modified")) return false;
  for (const write of plan.writes) {
    if (write.content === null) return false;
    const stats = await stat(write.path).catch(() => undefined);
    if (!stats?.isFile()) return false;
    if (write.mode !== undefined && write.mode !== (stats.mode & 0o7777)) return false;
  }
  return true;
}
