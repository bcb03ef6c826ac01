import { throwIfAborted } from "../core/index.js";
import { commitPlan } from "./commit.js";
import { type PatchOptions, planPatch } from "./plan.js";
import type { FileChangeSummary, ParsedPatch } from "./types.js";

/** What an applied patch changed. */
export interface ApplyPatchResult {
  /** One entry per file operation, in patch order. */
  files: FileChangeSummary[];
}

/**
 * Applies a patch (Codex format or unified diff) to the workspace, all or nothing: every change is computed in
 * memory, then written through temp files and renames. On any error the tree is left exactly as it was.
 */
export async function applyPatch(
  patch: string | ParsedPatch,
  options: PatchOptions,
): Promise<ApplyPatchResult> {
  const plan = await planPatch(patch, options);
  throwIfAborted(options.signal);
  await commitPlan(plan, options.files);
  return { files: plan.files };
}

/**
 * The Codex-style report of an applied patch: `Success. Updated the following files:` then `A path`, `M path`
 * (also for a moved file, under its new path) and `D path` lines, grouped in that order. No trailing newline.
 */
export function formatSummary(files: readonly FileChangeSummary[]): string {
  const group = (letter: string, kinds: FileChangeSummary["kind"][]) =>
    files.filter((file) => kinds.includes(file.kind)).map((file) => `${letter} ${file.path}`);
  return [
    "Success. Updated the following files:",
    ...group("A", ["added"]),
    ...group("M", ["modified", "moved"]),
    ...group("D", ["deleted"]),
  ].join("\n");
}
