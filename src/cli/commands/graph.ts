import type { CommandMain } from "../command.js";
import { graphHistory } from "../graph/graph-history.js";
import { loadGraphModule } from "../graph/load-graph-module.js";
import { runGraph } from "../graph/run-graph.js";
import { parseCommand } from "../parse-command.js";
import { UsageError } from "../usage-error.js";

const HELP = `Usage:
  art graph run <module> [--export NAME] [--input JSON] [--thread ID] [--resume JSON] [--json]
  art graph history --thread ID [--json]
  art graph show <module> [--export NAME]

run      Runs the compiled graph a module exports (as \`graph\`, default, or --export NAME), checkpointed in
         $ART_HOME/art.db after every superstep. --thread continues a thread; --resume answers its pending
         interrupt (new Command({ resume })). Progress goes to stderr and the final state to stdout; --json prints
         one JSON event per line instead. Exit codes: 0 completed, 1 failed, 3 paused at an interrupt.
history  Lists a thread's checkpoints, newest first.
show     Prints the graph as a Mermaid flowchart.
`;

/** `art graph`. */
export const main: CommandMain = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === "--help" || sub === "-h") {
    io.stdout.write(HELP);
    return sub === undefined ? 2 : 0;
  }
  const options = {
    export: { type: "string" },
    input: { type: "string" },
    thread: { type: "string" },
    resume: { type: "string" },
    json: { type: "boolean" },
  } as const;
  const parsed = parseCommand(rest, options, HELP, io);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  switch (sub) {
    case "run": {
      const module = positionals[0];
      if (!module) throw new UsageError("Name the module that exports the graph.", "graph");
      return runGraph(
        {
          module,
          json: Boolean(values.json),
          ...(values.export ? { exportName: values.export } : {}),
          ...(values.input !== undefined ? { input: values.input } : {}),
          ...(values.thread ? { thread: values.thread } : {}),
          ...(values.resume !== undefined ? { resume: values.resume } : {}),
        },
        io,
      );
    }
    case "history":
      if (!values.thread) throw new UsageError("Pass --thread ID.", "graph");
      return graphHistory(values.thread, Boolean(values.json), io);
    case "show": {
      const module = positionals[0];
      if (!module) throw new UsageError("Name the module that exports the graph.", "graph");
      const graph = await loadGraphModule(module, io.cwd, values.export);
      io.stdout.write(graph.getGraph().drawMermaid());
      return 0;
    }
    default:
      throw new UsageError(`Unknown graph command "${sub}": use run, history or show.`, "graph");
  }
};
