import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { InvalidInputError } from "../../core/index.js";
import { resolveInWorkspace } from "../../workspace/index.js";
import { defineTool } from "../tool.js";

const MAX_ENTRIES = 1000;
// Listing these is almost never what the model wants and can be enormous.
const SKIPPED = new Set([".git", "node_modules", ".venv", "__pycache__", "target", "dist", ".next"]);

const ListDirArgs = z.object({
  path: z.string().min(1).default(".").describe("Directory to list, relative to the workspace."),
  depth: z.number().int().min(1).max(10).optional().describe("How many levels to descend (default 2)."),
});

function describe(entry: Dirent): string {
  if (entry.isDirectory()) return `${entry.name}/`;
  if (entry.isSymbolicLink()) return `${entry.name}@`;
  return entry.name;
}

/** `list_dir`: a sorted, indented tree of a directory. */
export const listDirTool = defineTool({
  name: "list_dir",
  description: "List a directory as an indented tree (directories end in /, symlinks in @).",
  schema: ListDirArgs,
  effects: "read",
  async run(args, context) {
    const { absolute, relative } = resolveInWorkspace(context.cwd, args.path);
    const lines: string[] = [];
    let omitted = 0;
    const walk = async (dir: string, level: number): Promise<void> => {
      let entries: Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if (level === 0) {
          throw new InvalidInputError(
            `Cannot list "${relative}": ${(error as NodeJS.ErrnoException).code ?? error}.`,
          );
        }
        return;
      }
      entries.sort((a, b) => a.name.localeCompare(b.name));
      for (const entry of entries) {
        if (lines.length >= MAX_ENTRIES) {
          omitted++;
          continue;
        }
        const skipped = entry.isDirectory() && SKIPPED.has(entry.name);
        lines.push(`${"  ".repeat(level)}${describe(entry)}${skipped ? " (not expanded)" : ""}`);
        if (entry.isDirectory() && !skipped && level + 1 < (args.depth ?? 2)) {
          await walk(path.join(dir, entry.name), level + 1);
        }
      }
    };
    await walk(absolute, 0);
    if (omitted > 0) lines.push(`[… ${omitted} more entries not shown]`);
    return { output: lines.length ? lines.join("\n") : "(empty directory)" };
  },
});
