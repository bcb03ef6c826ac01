import path from "node:path";
import { resolveArtHome } from "../../core/index.js";
import type { LongTermMemory, MemoryRecord } from "../../memory/index.js";
import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art memory list [--json] [--scope workspace|user] [--all] [-C DIR]
       art memory forget ID
       art memory edit ID TEXT

The agent's long-term memory ($ART_HOME/memory/long-term/): facts saved with the remember tool, each with the
session and turn that saved it.
  list     the memories a session in DIR sees (its workspace's and the user's); --all for every workspace's
  forget   deletes one memory
  edit     replaces a memory's text (secrets are refused, as for remember)
The embedder is ART_MEMORY_EMBEDDER (default: the offline one); ART_MEMORY_CONTEXT_TOKENS=N adds the most relevant
memories (up to N tokens) to every turn of art exec.
`;

const FLAGS = {
  json: { type: "boolean" },
  all: { type: "boolean" },
  scope: { type: "string" },
  cwd: { type: "string", short: "C" },
} as const;

async function openMemory(env: NodeJS.ProcessEnv): Promise<LongTermMemory> {
  const memory = await import("../../memory/index.js");
  const settings = memory.memorySettingsFrom(env);
  const embedder = await memory.embedderOf(settings, env);
  return memory.LongTermMemory.open({ artHome: resolveArtHome(env), embedder, env });
}

function line(record: MemoryRecord): string {
  const date = new Date(record.updatedAt).toISOString().slice(0, 16).replace("T", " ");
  const where = record.scope === "user" ? "user" : `workspace ${record.workspace}`;
  const from = record.sessionId
    ? `${record.sessionId}${record.turnId ? `/${record.turnId}` : ""}`
    : "by hand";
  return `${record.id}\t${date}\t${where}\t${from}\n  ${record.text.replace(/\n/g, "\n  ")}\n`;
}

/** `art memory list|forget|edit`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, FLAGS, HELP, io);
  if (!parsed) return 0;
  const [sub, id, ...rest] = parsed.positionals;
  const { scope } = parsed.values;
  if (scope !== undefined && scope !== "workspace" && scope !== "user")
    throw new UsageError(`--scope is "${scope}"; use workspace or user.`, "memory");
  if (sub === "list" && id === undefined) {
    const workspace = path.resolve(io.cwd, parsed.values.cwd ?? ".");
    const memory = await openMemory(io.env);
    try {
      const records = memory
        .list(scope ? { scope } : {})
        .filter((r) => parsed.values.all || r.scope === "user" || r.workspace === workspace);
      if (parsed.values.json) io.stdout.write(`${JSON.stringify(records)}\n`);
      else io.stdout.write(records.length ? records.map(line).join("") : "No memories.\n");
    } finally {
      memory.close();
    }
    return 0;
  }
  if (sub === "forget" && id !== undefined && rest.length === 0) {
    const memory = await openMemory(io.env);
    try {
      memory.forget(id);
    } finally {
      memory.close();
    }
    io.stdout.write(`Forgot ${id}.\n`);
    return 0;
  }
  if (sub === "edit" && id !== undefined && rest.length > 0) {
    const memory = await openMemory(io.env);
    try {
      const record = await memory.edit(id, rest.join(" "));
      io.stdout.write(parsed.values.json ? `${JSON.stringify(record)}\n` : `Edited ${record.id}.\n`);
    } finally {
      memory.close();
    }
    return 0;
  }
  throw new UsageError(
    sub && !["list", "forget", "edit"].includes(sub)
      ? `Unknown sub-command "memory ${sub}": use list, forget ID or edit ID TEXT.`
      : "Use art memory list, art memory forget ID or art memory edit ID TEXT.",
    "memory",
  );
};
