import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { eventSchemaFor } from "../core/index.js";
import { checkStreamEvent, encodeStreamEvent } from "./stream-event-codec.js";

// Objects shaped like the stream events and near misses of them: each key present, absent, undefined, of the
// wrong type, or joined by an extra key, so both the accepted and the refused side of the fast path are walked.
const text = fc.oneof(fc.string(), fc.constantFrom("", '"', "\\", "\u0000", "\u2028", "é😀", "</script>"));
const value = fc.oneof(
  text,
  fc.integer(),
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 1 }),
);
const maybe = (arbitrary: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 4, arbitrary },
    { weight: 1, arbitrary: value },
    { weight: 1, arbitrary: fc.constant(ABSENT) },
  );
const ABSENT = Symbol("absent");

const candidate = fc
  .record({
    type: fc.constantFrom("message.delta", "reasoning.delta", "exec.output", "message.completed", 7),
    turnId: maybe(text),
    delta: maybe(text),
    callId: maybe(text),
    stream: maybe(fc.constantFrom("stdout", "stderr", "stdin")),
    chunk: maybe(text),
    extra: fc.oneof({ weight: 5, arbitrary: fc.constant(ABSENT) }, { weight: 1, arbitrary: value }),
  })
  .map((fields) => {
    const object: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(fields)) if (field !== ABSENT) object[key] = field;
    return object;
  });

describe("the stream events' fast path", () => {
  it("accepts only what the schema accepts, returning the schema's object and its JSON", () => {
    fc.assert(
      fc.property(candidate, (object) => {
        const parsed = eventSchemaFor(object.type)?.safeParse(object);
        const fast = encodeStreamEvent(object);
        if (fast === undefined) return;
        expect(parsed?.success).toBe(true);
        expect(fast.event).toEqual(parsed!.data);
        expect(fast.payload).toBe(JSON.stringify(parsed!.data));
        expect(JSON.parse(fast.payload)).toEqual(JSON.parse(JSON.stringify(object)));
      }),
      { numRuns: 5_000 },
    );
  });

  it("takes the common, well-formed events (so the fast path is the one the stream uses)", () => {
    const delta = { type: "message.delta", turnId: "t", delta: 'a "quoted"\nline' };
    expect(encodeStreamEvent(delta)?.payload).toBe(JSON.stringify(delta));
    expect(checkStreamEvent({ type: "reasoning.delta", turnId: "t", delta: "" })).toBeDefined();
    expect(
      checkStreamEvent({ type: "exec.output", callId: "c", stream: "stderr", chunk: "x" }),
    ).toBeDefined();
    const output = { type: "exec.output", turnId: "t", callId: "c", stream: "stdout", chunk: "\u0001" };
    expect(encodeStreamEvent(output)?.payload).toBe(JSON.stringify(output));
  });

  it("leaves to the schema an extra key, an inherited key, an odd prototype and an own __proto__", () => {
    expect(checkStreamEvent({ type: "message.delta", turnId: "t", delta: "d", secret: 1 })).toBeUndefined();
    const inherits = Object.assign(Object.create({ injected: true }), {
      type: "message.delta",
      turnId: "t",
      delta: "d",
    });
    expect(checkStreamEvent(inherits)).toBeUndefined();
    class Delta {
      type = "message.delta";
      turnId = "t";
      delta = "d";
    }
    expect(checkStreamEvent(new Delta())).toBeUndefined();
    const ownProto = JSON.parse('{"type":"message.delta","turnId":"t","delta":"d","__proto__":{"x":1}}');
    expect(checkStreamEvent(ownProto)).toBeUndefined();
  });

  it("returns a copy, so the caller changing its object later cannot change what was stored", () => {
    const delta = { type: "message.delta", turnId: "t", delta: "d" };
    const encoded = encodeStreamEvent(delta)!;
    delta.delta = "changed";
    expect(encoded.event).toEqual({ type: "message.delta", turnId: "t", delta: "d" });
  });
});
