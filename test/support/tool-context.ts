import type { AgentEvent } from "../../src/core/index.js";
import { SessionSettings } from "../../src/core/index.js";
import { ProcessCommandRunner } from "../../src/exec/index.js";
import { progressChannel, type ToolContext } from "../../src/tools/index.js";

/**
 * A real tool context over `cwd` (commands run bare, without the sandbox) that records the events the command
 * runner and the progress channel journal.
 */
export function toolContext(
  cwd: string,
  overrides: Partial<ToolContext> = {},
): ToolContext & { events: AgentEvent[] } {
  const events: AgentEvent[] = [];
  const emit = (event: AgentEvent) => events.push(event);
  const { progress } = progressChannel({
    toolName: "test",
    callId: "call_test",
    turnId: "turn_test",
    append: emit,
  });
  return {
    sessionId: "ses_test",
    cwd,
    callId: "call_test",
    turnId: "turn_test",
    settings: SessionSettings.parse({ model: "scripted:test" }),
    signal: new AbortController().signal,
    commands: new ProcessCommandRunner({ emit, env: process.env }),
    progress,
    events,
    ...overrides,
  };
}
