import type { AgentEvent, SessionSettings, StoredEvent } from "../../core/index.js";

/** Settings used by the journal's test sessions. */
export const sampleSettings: SessionSettings = {
  model: "scripted:/tmp/script.json",
  sandbox: "workspace-write",
  network: "none",
  approval: "on-request",
  writableRoots: [],
};

export function started(cwd = "/work/repo", forkedFrom?: { sessionId: string; turn: number }): AgentEvent {
  return { type: "session.started", cwd, settings: sampleSettings, ...(forkedFrom ? { forkedFrom } : {}) };
}

export function turn(index: number, input: string): AgentEvent {
  return { type: "turn.started", turnId: `turn-${index}`, turn: index, input };
}

export function delta(text: string, turnId = "turn-0"): AgentEvent {
  return { type: "message.delta", turnId, delta: text };
}

/** Every event of an async iterable, in order. */
export async function collect(events: AsyncIterable<StoredEvent>): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}
