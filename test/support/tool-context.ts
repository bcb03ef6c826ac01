import type { AgentEvent } from "../../src/core/index.js";
import { SessionSettings } from "../../src/core/index.js";
import { ProcessCommandRunner } from "../../src/exec/index.js";
import type { ToolContext } from "../../src/tools/tool.js";

/** A real tool context over `cwd` (commands run bare, without the sandbox) that records emitted events. */
export function toolContext(
  cwd: string,
  overrides: Partial<ToolContext> = {},
): ToolContext & { events: AgentEvent[] } {
  const events: AgentEvent[] = [];
  const emit = (event: AgentEvent) => events.push(event);
  return {
    cwd,
    callId: "call_test",
    turnId: "turn_test",
    settings: SessionSettings.parse({ model: "scripted:test" }),
    signal: new AbortController().signal,
    emit,
    commands: new ProcessCommandRunner({ emit, env: process.env }),
    events,
    ...overrides,
  };
}
