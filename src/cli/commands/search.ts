import { resolveArtHome } from "../../core/index.js";
import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { parseCountFlag } from "../turn-number.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art search "QUERY" [--k N] [--glob GLOB] [--json] [--cwd DIR]

Searches the index "art index" built for this workspace (or a folder above it) by words and by meaning. Prints
one hit per line: path:start-end, the symbol and its kind, the score (higher is better). Paths are relative to the
indexed workspace. The index is searched as it is: run "art index" (or keep "art index --watch" running) to update it.

--k N        number of hits (default 10, at most 100)
--glob GLOB  only files matching GLOB, e.g. "*.py" or "src/**/*.ts"
--json       one JSON object per hit: {"path","startLine","endLine","symbol","kind","score","preview"}
`;

/** `art search`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(
    args,
    { k: { type: "string" }, glob: { type: "string" }, json: { type: "boolean" }, cwd: { type: "string" } },
    HELP,
    io,
  );
  if (!parsed) return 0;
  const query = parsed.positionals.join(" ").trim();
  if (!query) throw new UsageError('Give a query: art search "what you are looking for".', "search");
  const k = parseCountFlag(parsed.values.k, "--k", "search") ?? 10;
  if (k < 1 || k > 100) throw new UsageError(`--k takes 1 to 100; got ${k}.`, "search");
  const { WorkspaceIndex } = await import("../../workspace-index/index.js");
  const index = await WorkspaceIndex.openExisting(parsed.values.cwd ?? io.cwd, {
    artHome: resolveArtHome(io.env),
  });
  try {
    const hits = await index.search(query, {
      k,
      ...(parsed.values.glob ? { pathGlob: parsed.values.glob } : {}),
    });
    for (const hit of hits) {
      if (parsed.values.json) io.stdout.write(`${JSON.stringify(hit)}\n`);
      else
        io.stdout.write(
          `${hit.path}:${hit.startLine}-${hit.endLine}${hit.symbol ? `  ${hit.symbol} (${hit.kind})` : ""}  ${hit.score.toFixed(4)}\n`,
        );
    }
    if (hits.length === 0) io.stderr.write("No matches.\n");
    return 0;
  } finally {
    index.close();
  }
};
