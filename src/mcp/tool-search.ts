import { type Tool, tool } from "../tools/index.js";

/** The search tool's name (rules can name it like any tool). */
export const MCP_TOOL_SEARCH = "mcp_tool_search";

/** Matches one search returns at most. */
const MAX_MATCHES = 20;

/** About four characters per token: the same rough measure the context builder uses. */
export function estimateToolTokens(tools: readonly Tool[]): number {
  const chars = tools.reduce(
    (sum, entry) =>
      sum + entry.name.length + entry.description.length + JSON.stringify(entry.inputSchema).length,
    0,
  );
  return Math.ceil(chars / 4);
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}

/** How well a tool matches the query's words: a word in its name counts three times one in its description. */
function score(entry: Tool, query: string[]): number {
  const name = entry.name.toLowerCase();
  const description = entry.description.toLowerCase();
  let total = 0;
  for (const word of query) {
    if (name.includes(word)) total += 3;
    else if (description.includes(word)) total += 1;
  }
  return total;
}

/**
 * The search tool for deferred MCP tools: its result names the best matches with their schemas and reveals them
 * (`ToolResult.reveals`, journaled), so they are listed to the model — and callable with a known schema — from the
 * next step on, and stay listed when the session resumes.
 *
 * @example
 * const tools = [...deferred, mcpToolSearch(deferred)];
 */
export function mcpToolSearch(deferred: readonly Tool[]): Tool {
  return tool<{ query: string; limit?: number }>({
    name: MCP_TOOL_SEARCH,
    description: `Searches the ${deferred.length} MCP tools that are not listed yet (by words of their name or what they do) and makes the matches callable from your next step. Returns each match's name, description and input schema.`,
    inputSchema: {
      type: "object",
      properties: {
        query: { type: "string", minLength: 1, description: "Words of what the tool should do, or its name" },
        limit: { type: "integer", minimum: 1, maximum: MAX_MATCHES, description: "Most matches (default 5)" },
      },
      required: ["query"],
    },
    effects: "read",
    execute(args) {
      const query = words(args.query);
      const matches = deferred
        .map((entry) => ({ entry, score: score(entry, query) }))
        .filter((match) => match.score > 0)
        .sort((a, b) => b.score - a.score || a.entry.name.localeCompare(b.entry.name))
        .slice(0, args.limit ?? 5)
        .map((match) => match.entry);
      if (matches.length === 0)
        return `No MCP tool matches "${args.query}". Try other words; there are ${deferred.length} tools.`;
      return {
        content: [
          {
            type: "text",
            text: `${matches.length} tool(s), callable from your next step: ${matches.map((entry) => entry.name).join(", ")}`,
          },
          {
            type: "json",
            value: matches.map((entry) => ({
              name: entry.name,
              description: entry.description,
              input_schema: entry.inputSchema,
            })) as never,
          },
        ],
        reveals: matches.map((entry) => entry.name),
      };
    },
  });
}
