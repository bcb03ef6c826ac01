import type { Channel } from "../channels/index.js";
import type { Checkpoint, PendingWrite } from "../checkpoint/index.js";
import type { GraphSpec } from "./graph-spec.js";
import type { Task } from "./plan.js";
import { newCheckpointId } from "./task-id.js";

type ResultWrite = Extract<PendingWrite, { kind: "result" }>;

/**
 * Ends a superstep: folds every task's writes into the channels in task order, then builds the next checkpoint's
 * triggers, barriers and sends. Returns the new checkpoint and whether any state key was written.
 */
export function applyWrites(
  _spec: GraphSpec,
  channels: Map<string, Channel>,
  previous: Checkpoint,
  tasks: Task[],
  writes: ResultWrite[],
): { checkpoint: Checkpoint; updated: boolean } {
  const byKey = new Map<string, unknown[]>();
  const triggers = new Set<string>();
  const sends: Checkpoint["sends"] = [];
  const barriers: Record<string, string[]> = { ...previous.barriers };
  for (const task of tasks) for (const join of task.consumedJoins) delete barriers[join];
  for (const write of writes) {
    for (const [key, value] of write.updates) {
      const list = byKey.get(key);
      if (list) list.push(value);
      else byKey.set(key, [value]);
    }
    for (const trigger of write.triggers) triggers.add(trigger);
    for (const join of write.joins) {
      const seen = barriers[join] ?? [];
      if (!seen.includes(write.node)) barriers[join] = [...seen, write.node];
    }
    for (const send of write.sends) sends.push(send);
  }
  for (const [key, list] of byKey) channels.get(key)!.update(list);
  const values: Record<string, unknown> = {};
  for (const [key, channel] of channels) if (channel.available) values[key] = channel.value;
  return {
    checkpoint: {
      v: 1,
      id: newCheckpointId(),
      ts: new Date().toISOString(),
      step: previous.step + 1,
      values,
      triggers: [...triggers],
      barriers,
      sends,
      ran: [...new Set(tasks.map((task) => task.name))],
    },
    updated: byKey.size > 0,
  };
}

/** Fresh channels for `spec`, holding `values` (a checkpoint's) where given. */
export function restoreChannels(
  spec: GraphSpec,
  values: Record<string, unknown> | undefined,
): Map<string, Channel> {
  const channels = new Map<string, Channel>();
  for (const key of spec.keys) {
    const channel = spec.channelFactories[key]!();
    if (values && key in values) channel.restore(values[key]);
    channels.set(key, channel);
  }
  return channels;
}
