import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { StoredEvent } from "../core/index.js";
import type { SessionUpdate, ToolCallContent } from "./acp-types.js";
import { editedPaths, toolKindOf, toolTitleOf } from "./tool-kind.js";

/** Files above this are not shown as diffs: an editor renders both texts whole. */
const MAX_DIFF_BYTES = 512 * 1024;
/** A tool's output shown in the editor is cut here; the journal keeps all of it. */
const MAX_OUTPUT_CHARS = 20_000;

/** How {@link EventUpdates} translates. */
export interface EventUpdatesOptions {
  /** The session's workspace: tool paths resolve here. */
  cwd: string;
  /**
   * `replay` (`session/load`): the user's messages are sent too, and diffs come from the journaled arguments
   * alone. `live`: the user's message is the editor's own; diffs compare the files before and after the call.
   */
  mode: "live" | "replay";
  /** The model's context window, the `size` of `usage_update`. */
  contextWindow: number;
}

function readText(file: string): string | null {
  try {
    if (statSync(file).size > MAX_DIFF_BYTES) return null;
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function textContent(text: string): ToolCallContent {
  const cut = text.length > MAX_OUTPUT_CHARS;
  return {
    type: "content",
    content: { type: "text", text: cut ? `${text.slice(0, MAX_OUTPUT_CHARS)}\n… (cut)` : text },
  };
}

/**
 * Translates a session's journaled events into ACP `session/update`s, one event at a time and in order. It keeps
 * what it needs across events: each call's tool (for kinds of later updates) and, live, the files an edit call
 * will change as they were before it ran, so its completion carries real before/after diffs.
 */
export class EventUpdates {
  private readonly calls = new Map<
    string,
    { name: string; args: unknown; before: Map<string, string | null> }
  >();

  constructor(private readonly options: EventUpdatesOptions) {}

  /** The updates `stored` becomes (often none: most bookkeeping events mean nothing to an editor). */
  updatesOf(stored: StoredEvent): SessionUpdate[] {
    const event = stored.event;
    switch (event.type) {
      case "turn.started":
        return this.options.mode === "replay"
          ? [{ sessionUpdate: "user_message_chunk", content: { type: "text", text: event.input } }]
          : [];
      case "message.delta":
        return [{ sessionUpdate: "agent_message_chunk", content: { type: "text", text: event.delta } }];
      case "reasoning.delta":
        return [{ sessionUpdate: "agent_thought_chunk", content: { type: "text", text: event.delta } }];
      case "tool.call":
        return [this.toolCall(event.callId, event.name, event.arguments)];
      case "tool.started":
      case "exec.begin":
        return [{ sessionUpdate: "tool_call_update", toolCallId: event.callId, status: "in_progress" }];
      case "tool.result":
        return [this.toolResult(event.callId, event.ok, event.output, event.interrupted)];
      case "plan.updated":
        return [
          {
            sessionUpdate: "plan",
            entries: event.plan.map((item) => ({
              content: item.step,
              priority: "medium",
              status: item.status,
            })),
          },
        ];
      case "step.completed":
        return [
          {
            sessionUpdate: "usage_update",
            used: event.usage.inputTokens + event.usage.outputTokens,
            size: this.options.contextWindow,
          },
        ];
      default:
        return [];
    }
  }

  private absolute(file: string): string {
    return path.resolve(this.options.cwd, file);
  }

  private toolCall(callId: string, name: string, args: unknown): SessionUpdate {
    const paths = editedPaths(name, args);
    const before = new Map<string, string | null>();
    // Read now: the call has not run yet (it is approved and run after it is journaled).
    if (this.options.mode === "live")
      for (const file of paths) before.set(file, readText(this.absolute(file)));
    this.calls.set(callId, { name, args, before });
    const input = (typeof args === "object" && args !== null ? args : {}) as Record<string, unknown>;
    const target = typeof input.path === "string" ? [input.path] : paths;
    return {
      sessionUpdate: "tool_call",
      toolCallId: callId,
      title: toolTitleOf(name, args),
      kind: toolKindOf(name),
      status: "pending",
      rawInput: args,
      ...(target.length ? { locations: target.map((file) => ({ path: this.absolute(file) })) } : {}),
    };
  }

  private toolResult(callId: string, ok: boolean, output: string, interrupted: boolean): SessionUpdate {
    const call = this.calls.get(callId);
    this.calls.delete(callId);
    const content: ToolCallContent[] = ok && call ? this.diffs(call) : [];
    if (output) content.push(textContent(output));
    return {
      sessionUpdate: "tool_call_update",
      toolCallId: callId,
      status: ok && !interrupted ? "completed" : "failed",
      ...(content.length ? { content } : {}),
      rawOutput: { output, ok, ...(interrupted ? { interrupted } : {}) },
    };
  }

  private diffs(call: {
    name: string;
    args: unknown;
    before: Map<string, string | null>;
  }): ToolCallContent[] {
    const paths = editedPaths(call.name, call.args);
    if (this.options.mode === "replay") {
      // Only a whole-file write says what the file became; a patch's own text is the rest of the result.
      const input = call.args as { path?: unknown; content?: unknown };
      if (call.name === "write_file" && typeof input.content === "string" && typeof input.path === "string")
        return [{ type: "diff", path: this.absolute(input.path), newText: input.content }];
      return [];
    }
    const diffs: ToolCallContent[] = [];
    for (const file of paths) {
      const after = readText(this.absolute(file));
      const before = call.before.get(file) ?? null;
      if (after === before) continue;
      diffs.push({ type: "diff", path: this.absolute(file), oldText: before, newText: after ?? "" });
    }
    return diffs;
  }
}
