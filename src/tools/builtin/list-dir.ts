import type { Dirent } from "node:fs";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import {
  at,
  checkRead,
  closeQuietly,
  displayName,
  type FilePolicy,
  openDirectory,
  openForRead,
  realPathOf,
} from "../../workspace/index.js";
import { filePolicyOf } from "../file-policy-of.js";
import { fileReadCall } from "../policy-description.js";
import { tool } from "../tool.js";

const MAX_ENTRIES = 1000;
// Listing these is almost never what the model wants and can be enormous.
const SKIPPED = new Set([".git", "node_modules", ".venv", "__pycache__", "target", "dist", ".next"]);

const ListDirArgs = z.object({
  path: z.string().min(1).default(".").describe("Directory to list, relative to the workspace."),
  depth: z.number().int().min(1).max(10).optional().describe("How many levels to descend (default 2)."),
});

type Entry = Dirent<Buffer>;

function describe(entry: Entry, name: string): string {
  if (entry.isDirectory()) return `${name}/`;
  if (entry.isSymbolicLink()) return `${name}@`;
  return name;
}

/** Whether the sandbox lets commands read `realPath`; a denied folder is shown, never opened. */
function readable(policy: FilePolicy, realPath: string): boolean {
  try {
    checkRead(policy, realPath, realPath);
    return true;
  } catch {
    return false;
  }
}

/** `list_dir`: a sorted, indented tree of a directory. */
export const listDirTool = tool({
  name: "list_dir",
  description:
    "List a directory as an indented tree (directories end in /, symlinks in @; symlinks are not followed). " +
    "A name that is not valid UTF-8 is shown with \\xHH for each such byte (and \\\\ for a backslash in it); " +
    "read_file, write_file and list_dir accept that form back.",
  inputSchema: ListDirArgs,
  effects: "read",
  describeForPolicy: (args) => fileReadCall(args.path, "list_dir"),
  async execute(args, context) {
    const policy = filePolicyOf(context);
    const opened = await openForRead(context.cwd, args.path, policy, "directory");
    const lines: string[] = [];
    let omitted = 0;
    // Each level is read through the descriptor of the folder it is in, and subfolders are opened without
    // following links: a folder swapped for a symlink mid-walk is not listed, and denied folders stay closed.
    const walk = async (directory: typeof opened.handle, realPath: string, level: number): Promise<void> => {
      const entries = (await readdir(at(directory), { withFileTypes: true, encoding: "buffer" })) as Entry[];
      const named = entries.map((entry) => ({ entry, name: displayName(entry.name) }));
      named.sort((a, b) => a.name.localeCompare(b.name));
      for (const { entry, name } of named) {
        if (lines.length >= MAX_ENTRIES) {
          omitted++;
          continue;
        }
        const childReal = path.join(realPath, entry.name.toString("utf8"));
        const denied = entry.isDirectory() && !readable(policy, childReal);
        const skipped = entry.isDirectory() && SKIPPED.has(name);
        const note = denied ? " (not readable in the sandbox)" : skipped ? " (not expanded)" : "";
        lines.push(`${"  ".repeat(level)}${describe(entry, name)}${note}`);
        if (entry.isDirectory() && !denied && !skipped && level + 1 < (args.depth ?? 2)) {
          const child = await openDirectory(at(directory, entry.name), { follow: false }).catch(
            () => undefined,
          );
          if (!child) continue;
          try {
            const real = await realPathOf(child);
            if (readable(policy, real)) await walk(child, real, level + 1);
          } finally {
            await closeQuietly(child);
          }
        }
      }
    };
    try {
      await walk(opened.handle, opened.realPath, 0);
    } finally {
      await closeQuietly(opened.handle);
    }
    if (omitted > 0) lines.push(`[… ${omitted} more entries not shown]`);
    return lines.length ? lines.join("\n") : "(empty directory)";
  },
});
