import { describe, expect, it } from "vitest";
import type { ConversationItem } from "../core/index.js";
import {
  FAILED_RESULT_NOTE,
  MISSING_RESULT,
  SUMMARY_PREFIX,
  toolResultOutput,
  toProviderPrompt,
  toProviderTools,
} from "./to-provider-prompt.js";

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

describe("toolResultOutput", () => {
  const base = { type: "tool_result" as const, callId: "c1", name: "t", isError: false };
  const image = { type: "image" as const, data: "iVBORw0KGgo=", mediaType: "image/png" };

  it("text stays text; one JSON value is json; JSON beside text is the text rendering", () => {
    expect(toolResultOutput({ ...base, output: "hi" })).toEqual({ type: "text", value: "hi" });
    expect(toolResultOutput({ ...base, isError: true, output: "no" })).toEqual({
      type: "error-text",
      value: "no",
    });
    const json = [{ type: "json" as const, value: { a: 1 } }];
    expect(toolResultOutput({ ...base, output: '{"a":1}', content: json })).toEqual({
      type: "json",
      value: { a: 1 },
    });
    expect(toolResultOutput({ ...base, isError: true, output: '{"a":1}', content: json })).toEqual({
      type: "error-json",
      value: { a: 1 },
    });
    const mixed = [{ type: "text" as const, text: "n =" }, ...json];
    expect(toolResultOutput({ ...base, output: 'n =\n{"a":1}', content: mixed })).toEqual({
      type: "text",
      value: 'n =\n{"a":1}',
    });
  });

  it("a result with images is content: images as image-data, a failure said first in words", () => {
    const content = [{ type: "text" as const, text: "shot" }, image, { type: "json" as const, value: [1] }];
    expect(toolResultOutput({ ...base, output: "x", content })).toEqual({
      type: "content",
      value: [
        { type: "text", text: "shot" },
        { type: "image-data", data: image.data, mediaType: "image/png" },
        { type: "text", text: "[1]" },
      ],
    });
    expect(toolResultOutput({ ...base, isError: true, output: "x", content: [image] })).toEqual({
      type: "content",
      value: [
        { type: "text", text: FAILED_RESULT_NOTE },
        { type: "image-data", data: image.data, mediaType: "image/png" },
      ],
    });
  });
});
