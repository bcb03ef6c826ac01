import { access } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { InvalidInputError } from "../../core/index.js";
import type { CompiledStateGraph } from "../../graph/index.js";

function isOurGraph(value: unknown): value is CompiledStateGraph {
  return (
    typeof value === "object" &&
    value !== null &&
    "spec" in value &&
    typeof (value as { withCheckpointer?: unknown }).withCheckpointer === "function"
  );
}

function looksLikeGraph(value: unknown): boolean {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { invoke?: unknown }).invoke === "function" &&
    typeof (value as { getGraph?: unknown }).getGraph === "function"
  );
}

/**
 * Imports a module and returns its compiled graph: the export named `name`, else `default`, else `graph`, else
 * the only compiled graph it exports.
 */
export async function loadGraphModule(file: string, cwd: string, name?: string): Promise<CompiledStateGraph> {
  const resolved = path.resolve(cwd, file);
  try {
    await access(resolved);
  } catch {
    throw new InvalidInputError(`No graph module at ${resolved}.`, {
      hint: "Give the path of a .js or .mjs file that exports a compiled graph.",
    });
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(resolved).href)) as Record<string, unknown>;
  } catch (error) {
    throw new InvalidInputError(`Could not load ${resolved}: ${(error as Error).message}`, {
      hint: "A TypeScript module needs compiling first (or run art through `node --import tsx`).",
      cause: error,
    });
  }
  const candidates = name !== undefined ? [name] : ["default", "graph"];
  let found: unknown;
  for (const candidate of candidates)
    if (candidate in module) {
      found = module[candidate];
      break;
    }
  if (found === undefined && name === undefined) {
    const graphs = Object.values(module).filter(looksLikeGraph);
    if (graphs.length === 1) found = graphs[0];
  }
  if (found === undefined)
    throw new InvalidInputError(
      name !== undefined
        ? `${resolved} has no export named "${name}".`
        : `${resolved} exports no compiled graph.`,
      { hint: "Export the compiled graph as `graph` (or default), or name it with --export NAME." },
    );
  if (!isOurGraph(found))
    throw new InvalidInputError(
      looksLikeGraph(found)
        ? `The graph in ${resolved} was compiled with another library (such as @langchain/langgraph).`
        : `The export of ${resolved} is not a compiled graph.`,
      {
        hint: 'Build it with agent-runtime\'s graph module: change the import to "agent-runtime/graph" (the API is the same).',
      },
    );
  return found;
}
