import { createHash } from "node:crypto";

const MAX = 64;

function sanitize(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]/g, "_");
}

/**
 * The server's part of a name: sanitised, and with runs of `_` collapsed, so it never holds the `__` separator and
 * `mcp__a__*` cannot match the tools of a server named `a__b`.
 */
function serverPart(server: string): string {
  return sanitize(server).replace(/_{2,}/g, "_");
}

function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/**
 * Model-facing names for MCP tools: `mcp__<server>__<tool>`, only `[A-Za-z0-9_-]`, at most 64 characters. A name
 * that had to be cut or that collides with another gets a short hash of the exact server and tool names, so the
 * mapping back is exact and stable across sessions.
 *
 * @example
 * const names = modelToolNames([{ server: "fs", tool: "read.file" }]); // Map { "mcp__fs__read_file" => {...} }
 */
export function modelToolNames(
  tools: readonly { server: string; tool: string }[],
): Map<string, { server: string; tool: string }> {
  const byName = new Map<string, { server: string; tool: string }>();
  const taken = new Set<string>();
  for (const entry of tools) {
    const prefix = serverToolPrefix(entry.server);
    let name = `${prefix}${sanitize(entry.tool)}`;
    const exact = `${entry.server}\u0000${entry.tool}`;
    // The cut keeps the first 46–55 characters: the server's prefix stays whole (so rules naming
    // `mcp__<server>__*` still apply) unless the server's own name is longer than that.
    if (name.length > MAX || taken.has(name)) name = `${name.slice(0, MAX - 9)}_${shortHash(exact)}`;
    // A hash can only collide with a raw name of the same shape; one more round settles it.
    if (taken.has(name)) name = `${name.slice(0, MAX - 18)}_${shortHash(`${exact}\u0000again`)}`;
    taken.add(name);
    byName.set(name, entry);
  }
  return byName;
}

/** The rule-name prefix for every tool of a server (`mcp__<server>__`), for policy rules like `mcp__fs__*`. */
export function serverToolPrefix(server: string): string {
  return `mcp__${serverPart(server)}__`;
}
