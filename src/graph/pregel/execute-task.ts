import type { PendingWrite } from "../checkpoint/index.js";
import { Command } from "../command.js";
import type { NodeConfig } from "../config.js";
import { START } from "../constants.js";
import { GraphInterrupt } from "../errors/index.js";
import { type TaskScratchpad, taskContext } from "../interrupt.js";
import type { CompiledNode, GraphSpec } from "./graph-spec.js";
import { type NodeOutput, readNodeOutput, routeBranch } from "./node-output.js";
import type { Task, Values } from "./plan.js";
import { withRetry } from "./retry.js";

/** Thrown out of a subgraph to hand a `Command({ graph: Command.PARENT })` to the node that runs it. */
export class ParentCommand extends Error {
  constructor(readonly command: Command) {
    super("command for the parent graph");
  }
}

/** How one task ended. */
export type TaskOutcome =
  | { kind: "result"; write: Extract<PendingWrite, { kind: "result" }> }
  | { kind: "interrupt"; write: Extract<PendingWrite, { kind: "interrupt" }> }
  | { kind: "error"; error: unknown }
  | { kind: "parent"; command: Command };

/** The state as this node's conditional edges see it: the superstep's state plus this node's own writes. */
function ownView(spec: GraphSpec, values: Values, updates: [string, unknown][]): Values {
  if (updates.length === 0) return values;
  const view: Values = { ...values };
  for (const [key, value] of updates) {
    const channel = spec.channels[key]!;
    view[key] = channel.reducer && key in view ? channel.reducer(view[key], value) : value;
  }
  return view;
}

function finish(
  spec: GraphSpec,
  node: CompiledNode,
  task: Task,
  output: NodeOutput,
  values: Values,
  config: NodeConfig,
): TaskOutcome {
  if (node.branches.length > 0) {
    const view = ownView(spec, values, output.updates);
    for (const branch of node.branches)
      routeBranch(spec, output, branch.path(view, config), branch.pathMap, node.name);
  }
  return {
    kind: "result",
    write: {
      taskId: task.id,
      kind: "result",
      node: task.name,
      updates: output.updates,
      // Static edges first, then `goto` and conditional edges: the order LangGraph triggers them in.
      triggers: [...new Set([...node.edges, ...output.triggers])],
      joins: node.joins,
      sends: output.sends,
      output: output.shown,
    },
  };
}

/** Runs one task to its outcome: retries per the node's policy; interrupts and failures become outcomes. */
export async function executeTask(
  spec: GraphSpec,
  task: Task,
  values: Values,
  config: NodeConfig,
  scratchpad: TaskScratchpad,
): Promise<TaskOutcome> {
  const node = spec.nodes.get(task.name)!;
  let returned: unknown;
  try {
    returned =
      task.name === START
        ? task.input
        : await withRetry(node.retryPolicy, config.signal, () => {
            scratchpad.calls = 0;
            return taskContext.run(scratchpad, () => Promise.resolve(node.run(task.input, config)));
          });
  } catch (error) {
    if (error instanceof ParentCommand) returned = new Command({ ...error.command, graph: undefined });
    else if (GraphInterrupt.isInstance(error))
      return {
        kind: "interrupt",
        write: { taskId: task.id, kind: "interrupt", node: task.name, interrupts: error.interrupts },
      };
    else return { kind: "error", error };
  }
  try {
    const output = readNodeOutput(spec, task.name, returned);
    if (output.parent) return { kind: "parent", command: output.parent };
    return finish(spec, node, task, output, values, config);
  } catch (error) {
    return { kind: "error", error };
  }
}
