import type { AgentEvent } from "../core/index.js";

/**
 * The fast path of the event codec for the three events a stream produces by the hundred thousand
 * (`message.delta`, `reasoning.delta`, `exec.output`). Their schemas are flat objects of strings, so when an event has
 * exactly the schema's keys with values of the schema's types, checking it by hand gives zod's answer at a tenth of
 * the cost, and writing its JSON by hand skips `JSON.stringify`'s walk over a freshly built object. Anything else —
 * a missing or extra key, a wrong type — returns undefined and goes through the schema, which accepts or names the
 * field; so this path never accepts what the schema would refuse, and never refuses anything (the property test
 * `stream-event-codec.test.ts` holds it to the schema's output).
 */

/** A checked copy of `event` (what zod's parse would return) and its JSON, or undefined to use the schema. */
export function encodeStreamEvent(event: unknown): { event: AgentEvent; payload: string } | undefined {
  const checked = checkStreamEvent(event);
  if (checked === undefined) return undefined;
  return { event: checked, payload: streamEventJson(checked) };
}

/** `raw` (a parsed payload) as the schema would return it, or undefined to use the schema. */
export function checkStreamEvent(raw: unknown): AgentEvent | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const event = raw as Record<string, unknown>;
  const type = event.type;
  if (type === "message.delta" || type === "reasoning.delta") {
    const { turnId, delta } = event;
    if (typeof turnId !== "string" || typeof delta !== "string" || !hasOnlyKeys(event, 3)) return undefined;
    return { type, turnId, delta };
  }
  if (type === "exec.output") {
    const { turnId, callId, stream, chunk } = event;
    if (typeof callId !== "string" || typeof chunk !== "string") return undefined;
    if (stream !== "stdout" && stream !== "stderr") return undefined;
    if (turnId === undefined) {
      if (!hasOnlyKeys(event, 4)) return undefined;
      return { type, callId, stream, chunk };
    }
    if (typeof turnId !== "string" || !hasOnlyKeys(event, 5)) return undefined;
    return { type, turnId, callId, stream, chunk };
  }
  return undefined;
}

/**
 * Whether `event` has exactly `count` own enumerable keys and inherits nothing from an unusual prototype: the
 * caller has already read the keys it expects, so a matching count means there is no other.
 */
function hasOnlyKeys(event: Record<string, unknown>, count: number): boolean {
  const proto = Object.getPrototypeOf(event);
  if (proto !== Object.prototype && proto !== null) return false;
  let keys = 0;
  for (const key in event) {
    if (!Object.hasOwn(event, key)) return false;
    keys++;
  }
  return keys === count;
}

/** The JSON of a checked stream event, keys in the schema's order (as `JSON.stringify` of the parsed object). */
function streamEventJson(event: AgentEvent): string {
  if (event.type === "message.delta" || event.type === "reasoning.delta") {
    return `{"type":"${event.type}","turnId":${JSON.stringify(event.turnId)},"delta":${JSON.stringify(event.delta)}}`;
  }
  const output = event as Extract<AgentEvent, { type: "exec.output" }>;
  const turn = output.turnId === undefined ? "" : `,"turnId":${JSON.stringify(output.turnId)}`;
  return `{"type":"exec.output"${turn},"callId":${JSON.stringify(output.callId)},"stream":"${output.stream}","chunk":${JSON.stringify(output.chunk)}}`;
}
