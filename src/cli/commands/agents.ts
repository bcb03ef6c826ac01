import { loadAgents } from "../../agents/index.js";
import { projectRoot } from "../../config/index.js";
import { resolveArtHome } from "../../runtime/index.js";
import type { CommandMain } from "../command.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage: art agents [--json]

Lists the agent definitions this project can use, with where each came from: <repo>/.art/agents/*.md (project),
<repo>/.claude/agents/*.md (claude), $ART_HOME/agents/*.md (user). A name found earlier wins.
`;

/** `art agents`: the agent files, with their source. */
export const main: CommandMain = async (args, io) => {
  const parsed = parseCommand(args, { json: { type: "boolean" } }, HELP, io);
  if (!parsed) return 0;
  if (parsed.positionals.length > 0) throw new UsageError("takes no arguments.", "agents");
  const agents = await loadAgents({ projectRoot: projectRoot(io.cwd), artHome: resolveArtHome(io.env) });
  if (parsed.values.json) {
    io.stdout.write(`${JSON.stringify({ agents })}\n`);
    return 0;
  }
  if (agents.length === 0) {
    io.stderr.write(
      "No agents. Add Markdown files with front matter to .art/agents/ or $ART_HOME/agents/.\n",
    );
    return 0;
  }
  const width = Math.max(...agents.map((agent) => agent.name.length));
  for (const agent of agents) {
    io.stdout.write(
      `${agent.name.padEnd(width)}  ${agent.source.kind.padEnd(7)}  ${agent.source.file}` +
        `${agent.description ? `  — ${agent.description}` : ""}\n`,
    );
  }
  return 0;
};
