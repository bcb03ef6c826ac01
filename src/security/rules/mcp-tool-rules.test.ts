import { describe, expect, it } from "vitest";
import { toolMatches } from "./match.js";

const rule = (tool: string) => ({ kind: "tool" as const, tool, decision: "forbid" as const, source: "test" });

describe("tool rules naming MCP tools", () => {
  it("match one tool exactly, or every tool of a server with mcp__server__* or Claude's mcp__server", () => {
    expect(toolMatches(rule("mcp__fs__write_file") as never, "mcp__fs__write_file", "tool")).toBe(true);
    expect(toolMatches(rule("mcp__fs__write_file") as never, "mcp__fs__read_file", "tool")).toBe(false);
    expect(toolMatches(rule("mcp__fs__*") as never, "mcp__fs__read_file", "tool")).toBe(true);
    expect(toolMatches(rule("mcp__fs") as never, "mcp__fs__read_file", "tool")).toBe(true);
    expect(toolMatches(rule("mcp__fs__*") as never, "mcp__fsx__read_file", "tool")).toBe(false);
    expect(toolMatches(rule("mcp__fs") as never, "mcp__fsx__read_file", "tool")).toBe(false);
    expect(toolMatches(rule("mcp__fs__*") as never, "shell", "shell")).toBe(false);
  });
});
