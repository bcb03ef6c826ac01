import { realpathSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { resolveArtHome } from "../../core/index.js";
import type { Embedder } from "../../memory/index.js";
import { type FilePolicy, isWithin } from "../../workspace/index.js";
import { filePolicyOf } from "../file-policy-of.js";
import { fileReadCall } from "../policy-description.js";
import { type Tool, tool } from "../tool.js";

/** How long one call may spend bringing the index up to date before it searches what is there. */
export const SEARCH_CODE_BUDGET_MS = 20_000;

const SearchCodeArgs = z.object({
  query: z
    .string()
    .min(1)
    .describe(
      "What to look for: words, an identifier, or a description of the code (matched by meaning too).",
    ),
  k: z.number().int().min(1).max(50).optional().describe("Number of results (default 8)."),
  path_glob: z
    .string()
    .min(1)
    .optional()
    .describe("Only files matching this glob, e.g. `*.py` or `src/**/*.ts` (relative to the workspace)."),
});

/** Options for {@link searchCodeToolWith}. */
export interface SearchCodeToolOptions {
  /** Default: the offline default embedder. */
  embedder?: Embedder;
  /** Default: `$ART_HOME` of the process, where `art index` keeps indexes. */
  artHome?: string;
  budgetMs?: number;
}

function readable(policy: FilePolicy, absolute: string): boolean {
  if (!isWithin(policy.workspace, absolute) && !policy.writableRoots.some((root) => isWithin(root, absolute)))
    return false;
  if (policy.denyRead.some((denied) => isWithin(denied, absolute))) return false;
  return (
    !policy.readableRoots ||
    policy.readableRoots.some((root) => isWithin(root, absolute)) ||
    policy.writableRoots.some((root) => isWithin(root, absolute))
  );
}

/**
 * A `search_code` tool: hybrid (words + meaning) search over the workspace index, returning paths and line ranges
 * for `read_file`. It uses the index `art index` built for the workspace (or a folder above it) and otherwise builds
 * one; either way it first indexes what changed, for at most `budgetMs`, and says when files are still pending.
 * Hits the session's sandbox could not read are withheld.
 *
 * @example
 * ```ts
 * const tool = searchCodeToolWith({ budgetMs: 5000 });
 * ```
 */
export function searchCodeToolWith(
  options: SearchCodeToolOptions = {},
): Tool<z.infer<typeof SearchCodeArgs>> {
  return tool({
    name: "search_code",
    description:
      "Search the workspace's code by meaning and by words (a semantic + lexical index of functions, classes and " +
      "text, kept up to date as files change). Returns path:start-end with the symbol; open them with read_file " +
      "(offset = start line). Prefer grep for an exact regular expression.",
    inputSchema: SearchCodeArgs,
    effects: "read",
    describeForPolicy: () => fileReadCall(".", "search_code"),
    async execute(args, context) {
      const { WorkspaceIndex, findIndexedRoot } = await import("../../workspace-index/index.js");
      const artHome = options.artHome ?? resolveArtHome(process.env);
      const policy = filePolicyOf(context);
      const cwd = realpathSync(context.cwd);
      const root = findIndexedRoot(artHome, cwd) ?? cwd;
      const index = await WorkspaceIndex.open(root, {
        artHome,
        ...(options.embedder ? { embedder: options.embedder } : {}),
      });
      try {
        const stats = await index.update({
          deadline: Date.now() + (options.budgetMs ?? SEARCH_CODE_BUDGET_MS),
          signal: context.signal,
          // What the session could not read is not read into the index for it either (a workspace that is $HOME).
          skipRead: (relative) =>
            policy.denyRead.some((denied) => isWithin(denied, path.join(root, relative))),
        });
        const k = args.k ?? 8;
        // Paths are the index root's; the model's tools resolve against the workspace, which may lie below it.
        const prefix = path.relative(root, cwd);
        const glob = args.path_glob && prefix ? `${prefix}/${args.path_glob}` : args.path_glob;
        const hits = await index.search(args.query, {
          k: Math.min(100, k * 3),
          ...(glob ? { pathGlob: glob } : {}),
          signal: context.signal,
        });
        let withheld = 0;
        const shown: string[] = [];
        for (const hit of hits) {
          const absolute = path.join(root, hit.path);
          if (!readable(policy, absolute)) {
            withheld++;
            continue;
          }
          if (shown.length >= k) break;
          const relative = path.relative(cwd, absolute);
          const symbol = hit.symbol ? ` ${hit.kind} ${hit.symbol}` : "";
          const first = hit.preview.split("\n").find((line) => line.trim() !== "") ?? "";
          shown.push(
            `${relative}:${hit.startLine}-${hit.endLine}${symbol}\n    ${first.trim().slice(0, 160)}`,
          );
        }
        const notes: string[] = [];
        if (stats.pending > 0)
          notes.push(
            `[index incomplete: ${stats.pending} changed files not indexed yet within the time budget; results may miss them]`,
          );
        if (withheld > 0) notes.push(`[${withheld} hits in files the sandbox keeps unreadable not shown]`);
        if (shown.length === 0) return ["No matches.", ...notes].join("\n");
        return [...shown, ...notes].join("\n");
      } finally {
        index.close();
      }
    },
  });
}

/** The built-in `search_code` tool (offline default embedder, index under `$ART_HOME`). */
export const searchCodeTool = searchCodeToolWith();
