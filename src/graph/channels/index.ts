export type { Channel, ChannelSpec } from "./channel.js";
export { LastValueChannel } from "./last-value.js";
export { ReducerChannel } from "./reducer-channel.js";

import type { Channel, ChannelSpec } from "./channel.js";
import { LastValueChannel } from "./last-value.js";
import { ReducerChannel } from "./reducer-channel.js";

/** Builds the channel a state key's spec describes. */
export function createChannel(key: string, spec: ChannelSpec<unknown, unknown>): Channel {
  if (spec.kind === "reducer" && spec.reducer)
    return new ReducerChannel(spec.reducer as (current: unknown, update: unknown) => unknown, spec.default);
  return new LastValueChannel(key, spec.default);
}
