import { SessionNotFoundError } from "../../orchestrator/index.js";
import { Runtime } from "../../runtime/index.js";
import type { CommandMain } from "../command.js";
import { NEWEST_SESSION_FLAGS, newestSession } from "../newest-session.js";
import { parseCommand } from "../parse-command.js";
import { HumanRenderer } from "../render/human-renderer.js";
import { JsonLines } from "../render/json-lines.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art show <session-id>|--last [--any-workspace] [--json]

Prints a session's journal: as a transcript (turns numbered from 1), or with --json as one event per line
(docs/json-output.md).
`;

/** `art show`. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, { json: { type: "boolean" }, ...NEWEST_SESSION_FLAGS }, HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const runtime = await Runtime.open({ env: io.env });
  try {
    const id = values.last
      ? (await newestSession(runtime, io.cwd, { anyWorkspace: Boolean(values["any-workspace"]) })).id
      : positionals[0];
    if (!id) throw new UsageError("Name the session to show, or pass --last.", "show");
    const summary = await runtime.session(id);
    if (!summary) throw new SessionNotFoundError(`with id "${id}"`);
    const renderer = values.json ? undefined : new HumanRenderer(io.stdout, false);
    const lines = new JsonLines();
    for await (const stored of runtime.subscribe(id)) {
      if (renderer) renderer.render(stored);
      else io.stdout.write(lines.event(stored));
    }
    renderer?.close();
    if (renderer) {
      const turns = `${summary.turns} turn${summary.turns === 1 ? "" : "s"}`;
      io.stdout.write(`session ${id} · ${summary.status} · ${turns}\n`);
      await writeLinks(runtime, id, summary.parentId, io.stdout);
    }
    return 0;
  } finally {
    await runtime.close();
  }
};

/** The sub-agent tree around a session: its parent, and each child session it started. */
async function writeLinks(
  runtime: Runtime,
  id: string,
  parentId: string | undefined,
  out: NodeJS.WritableStream,
): Promise<void> {
  if (parentId) out.write(`  parent ${parentId}\n`);
  const children = await runtime.sessions({ parentId: id });
  for (const child of [...children].reverse()) {
    const turns = `${child.turns} turn${child.turns === 1 ? "" : "s"}`;
    out.write(`  └ ${child.id} · ${child.status} · ${turns} · ${child.title}\n`);
  }
}
