import { describe, expect, it } from "vitest";
import type { ConversationItem } from "../core/index.js";
import { MISSING_RESULT, SUMMARY_PREFIX, toProviderPrompt, toProviderTools } from "./to-provider-prompt.js";

describe("toProviderPrompt", () => {
  it("groups each assistant response and answers its calls right after it, paired by call id", () => {
    const items: ConversationItem[] = [
      { type: "summary", text: "Earlier we set up the repo." },
      { type: "user", text: "Fix the test." },
      { type: "reasoning", text: "Look first." },
      { type: "assistant", text: "Reading two files." },
      { type: "tool_call", callId: "c1", name: "read_file", arguments: { path: "a.ts" } },
      { type: "tool_call", callId: "c2", name: "read_file", arguments: '{"path":"b.ts"}' },
      // Results arrive out of order; the prompt answers in call order.
      { type: "tool_result", callId: "c2", name: "read_file", output: "B", isError: false },
      { type: "tool_result", callId: "c1", name: "read_file", output: "no such file", isError: true },
      { type: "tool_call", callId: "c3", name: "shell", arguments: "{not json" },
      { type: "assistant", text: "Done." },
      { type: "tool_result", callId: "gone", name: "shell", output: "orphan", isError: false },
    ];
    expect(toProviderPrompt({ system: "Be careful.", items })).toEqual([
      { role: "system", content: "Be careful." },
      { role: "user", content: [{ type: "text", text: `${SUMMARY_PREFIX}Earlier we set up the repo.` }] },
      { role: "user", content: [{ type: "text", text: "Fix the test." }] },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "Look first." },
          { type: "text", text: "Reading two files." },
          { type: "tool-call", toolCallId: "c1", toolName: "read_file", input: { path: "a.ts" } },
          { type: "tool-call", toolCallId: "c2", toolName: "read_file", input: { path: "b.ts" } },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c1",
            toolName: "read_file",
            output: { type: "error-text", value: "no such file" },
          },
          {
            type: "tool-result",
            toolCallId: "c2",
            toolName: "read_file",
            output: { type: "text", value: "B" },
          },
        ],
      },
      {
        role: "assistant",
        content: [
          {
            type: "tool-call",
            toolCallId: "c3",
            toolName: "shell",
            input: { invalid_arguments: "{not json" },
          },
          { type: "text", text: "Done." },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c3",
            toolName: "shell",
            output: { type: "error-text", value: MISSING_RESULT },
          },
        ],
      },
      { role: "user", content: [{ type: "text", text: "Result of the shell tool call gone:\norphan" }] },
    ]);
  });

  it("leaves out an empty system prompt and empty assistant text", () => {
    const items: ConversationItem[] = [
      { type: "user", text: "hi" },
      { type: "reasoning", text: "" },
      { type: "assistant", text: "" },
      { type: "tool_call", callId: "c1", name: "list_dir", arguments: {} },
      { type: "tool_result", callId: "c1", name: "list_dir", output: "a.ts", isError: false },
    ];
    expect(toProviderPrompt({ system: "", items })).toEqual([
      { role: "user", content: [{ type: "text", text: "hi" }] },
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "c1", toolName: "list_dir", input: {} }],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c1",
            toolName: "list_dir",
            output: { type: "text", value: "a.ts" },
          },
        ],
      },
    ]);
  });

  it("turns tool specs into function tools", () => {
    const schema = { type: "object", properties: {} };
    expect(toProviderTools([{ name: "list_dir", description: "Lists.", inputSchema: schema }])).toEqual([
      { type: "function", name: "list_dir", description: "Lists.", inputSchema: schema },
    ]);
  });
});
