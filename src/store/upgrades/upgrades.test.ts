import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { AgentEvent, EVENT_SCHEMA_VERSION } from "../../core/index.js";
import { UPGRADES, upgradeEvent } from "./index.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

describe("event upgrades", () => {
  it("has one step per older version, in order", () => {
    expect(UPGRADES.map((step) => step.from)).toEqual(
      Array.from({ length: EVENT_SCHEMA_VERSION - 1 }, (_, index) => index + 1),
    );
  });

  it("brings every event of the kept v1 fixture to a valid current event, changing none of its fields", () => {
    const expected = JSON.parse(readFileSync(path.join(fixtures, "v1.expected.json"), "utf8")) as {
      events: Record<string, { v: number; event: Record<string, unknown> }[]>;
    };
    const stored = Object.values(expected.events).flat();
    expect(stored.length).toBeGreaterThan(10);
    for (const { v, event } of stored) {
      expect(v).toBe(1);
      const upgraded = upgradeEvent(structuredClone(event), v);
      expect(AgentEvent.parse(upgraded)).toEqual(event);
    }
  });

  it("brings every event of the kept v2 fixture (schema 2, written by that build) to a valid current event", () => {
    const expected = JSON.parse(readFileSync(path.join(fixtures, "v2.expected.json"), "utf8")) as {
      events: Record<string, { v: number; event: Record<string, unknown> }[]>;
    };
    const stored = Object.values(expected.events).flat();
    expect(stored.length).toBeGreaterThan(3);
    for (const { v, event } of stored) {
      expect(v).toBe(2);
      expect(AgentEvent.parse(upgradeEvent(structuredClone(event), v))).toEqual(event);
    }
  });

  it("leaves an event of the current version alone", () => {
    const event = { type: "message.delta", turnId: "t", delta: "x" };
    expect(upgradeEvent(event, EVENT_SCHEMA_VERSION)).toBe(event);
  });
});
