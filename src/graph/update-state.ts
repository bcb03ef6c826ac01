import type { Checkpoint, CheckpointAddress, CheckpointSaver } from "./checkpoint/index.js";
import type { GraphConfig, NodeConfig } from "./config.js";
import { START } from "./constants.js";
import { InvalidUpdateError } from "./errors/index.js";
import { applyWrites, restoreChannels } from "./pregel/apply-writes.js";
import type { GraphSpec } from "./pregel/graph-spec.js";
import { readNodeOutput, routeBranch } from "./pregel/node-output.js";

/**
 * `updateState`: the update goes through the reducers as if `asNode` had returned it; `asNode`'s successors are
 * triggered and it no longer counts as pending. Without `asNode`, the node that ran last is used when there is
 * exactly one.
 */
export async function updateStateOf(
  spec: GraphSpec,
  saver: CheckpointSaver,
  address: CheckpointAddress,
  config: GraphConfig,
  values: unknown,
  asNode: string | undefined,
): Promise<GraphConfig> {
  const tuple = await saver.getTuple(address, config.configurable?.checkpoint_id);
  const previous: Checkpoint = tuple?.checkpoint ?? {
    v: 1,
    id: "",
    ts: new Date().toISOString(),
    step: -1,
    values: {},
    triggers: [],
    barriers: {},
    sends: [],
    ran: [],
  };
  let node = asNode;
  if (node === undefined) {
    if (!tuple) node = START;
    else if (previous.ran.length === 1) node = previous.ran[0];
    else
      throw new InvalidUpdateError("Ambiguous update: several nodes ran last; pass asNode to updateState.");
  }
  const compiled = spec.nodes.get(node!);
  if (!compiled) throw new InvalidUpdateError(`updateState: there is no node "${node}" in this graph.`);
  const channels = restoreChannels(spec, previous.values);
  const output = readNodeOutput(spec, compiled.name, values);
  if (compiled.branches.length > 0) {
    const view: Record<string, unknown> = { ...previous.values };
    for (const [key, value] of output.updates) {
      const channel = spec.channels[key]!;
      view[key] = channel.reducer && key in view ? channel.reducer(view[key], value) : value;
    }
    const nodeConfig = {
      ...config,
      writer: () => {},
      signal: new AbortController().signal,
      metadata: { langgraph_node: compiled.name, langgraph_step: previous.step },
    } as NodeConfig;
    for (const branch of compiled.branches)
      routeBranch(spec, output, branch.path(view, nodeConfig), branch.pathMap, compiled.name);
  }
  const write = {
    taskId: "update",
    kind: "result" as const,
    node: compiled.name,
    updates: output.updates,
    triggers: [...new Set([...compiled.edges, ...output.triggers])],
    joins: compiled.joins,
    sends: output.sends,
    output: output.shown,
  };
  const applied = applyWrites(spec, channels, previous, [], [write]);
  const remaining = previous.triggers.filter((trigger) => trigger !== compiled.name);
  const checkpoint: Checkpoint = {
    ...applied.checkpoint,
    triggers: [...new Set([...remaining, ...applied.checkpoint.triggers])],
    sends: [...previous.sends, ...applied.checkpoint.sends],
    ran: [compiled.name],
  };
  const saved = saver.put(
    address,
    checkpoint,
    { source: "update", step: checkpoint.step, parents: {}, writes: { [compiled.name]: output.shown } },
    tuple?.checkpoint.id,
    true,
  );
  if (saved) await saved;
  await saver.flush?.();
  return {
    configurable: {
      thread_id: address.threadId,
      checkpoint_ns: address.namespace,
      checkpoint_id: checkpoint.id,
    },
  };
}
