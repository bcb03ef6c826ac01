import { Command } from "../command.js";
import { END } from "../constants.js";
import { InvalidUpdateError } from "../errors/index.js";
import { Send } from "../send.js";
import type { GraphSpec } from "./graph-spec.js";

/** What a node's return value asks for, before edges are added. */
export interface NodeOutput {
  updates: [string, unknown][];
  triggers: string[];
  sends: { node: string; args: unknown }[];
  /** What the `updates` stream shows for this node. */
  shown: unknown;
  /** A `Command` aimed at the parent graph, to be handed up by a subgraph. */
  parent?: Command;
}

function addDestination(spec: GraphSpec, output: NodeOutput, destination: unknown, from: string): void {
  if (Send.isInstance(destination)) {
    if (!spec.nodes.has(destination.node))
      throw new InvalidUpdateError(`Node "${from}" sent to unknown node "${destination.node}".`);
    output.sends.push({ node: destination.node, args: destination.args });
  } else if (destination === END) {
    // Ends this path.
  } else if (typeof destination === "string" && spec.nodes.has(destination)) {
    output.triggers.push(destination);
  } else {
    throw new InvalidUpdateError(
      `Node "${from}" routed to ${JSON.stringify(destination)}, which is not a node of this graph.`,
    );
  }
}

function addUpdate(spec: GraphSpec, output: NodeOutput, update: unknown, from: string): void {
  if (update === undefined || update === null) return;
  const pairs = Array.isArray(update)
    ? (update as [string, unknown][])
    : typeof update === "object"
      ? Object.entries(update as Record<string, unknown>)
      : undefined;
  if (!pairs)
    throw new InvalidUpdateError(
      `Expected node "${from}" to return an object or a Command, got ${JSON.stringify(update)}.`,
      "INVALID_GRAPH_NODE_RETURN_VALUE",
    );
  for (const [key, value] of pairs) if (key in spec.channels) output.updates.push([key, value]);
}

/** Reads a node's return value: an update object, a `Command`, an array of them, or nothing. */
export function readNodeOutput(spec: GraphSpec, from: string, value: unknown): NodeOutput {
  const output: NodeOutput = { updates: [], triggers: [], sends: [], shown: value };
  const items = Array.isArray(value) && value.some((item) => Command.isInstance(item)) ? value : [value];
  const shown: unknown[] = [];
  for (const item of items) {
    if (Command.isInstance(item)) {
      if (item.graph === Command.PARENT) {
        output.parent = item;
        continue;
      }
      addUpdate(spec, output, item.update, from);
      for (const destination of item.goto) addDestination(spec, output, destination, from);
      shown.push(item.update);
    } else {
      addUpdate(spec, output, item, from);
      shown.push(item);
    }
  }
  output.shown = items.length === 1 ? (shown[0] ?? {}) : shown;
  return output;
}

/** Routes a conditional edge's answer (a name, `Send`s, several of them, END) through its path map. */
export function routeBranch(
  spec: GraphSpec,
  output: NodeOutput,
  answer: unknown,
  pathMap: Record<string, string> | undefined,
  from: string,
): void {
  const answers = Array.isArray(answer) ? answer : [answer];
  for (const item of answers) {
    if (Send.isInstance(item)) addDestination(spec, output, item, from);
    else if (pathMap) {
      const mapped =
        typeof item === "string" || typeof item === "number" || typeof item === "boolean"
          ? pathMap[String(item)]
          : undefined;
      if (mapped === undefined)
        throw new InvalidUpdateError(
          `The conditional edge from "${from}" returned ${JSON.stringify(item)}, which its path map does not name.`,
        );
      addDestination(spec, output, mapped, from);
    } else addDestination(spec, output, item, from);
  }
}
