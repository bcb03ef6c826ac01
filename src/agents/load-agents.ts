import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type AgentFile, type AgentSourceKind, parseAgentFile } from "./agent-file.js";
import { InvalidAgentFileError } from "./errors/index.js";

/** Where to look for agent files. */
export interface AgentDirs {
  /** The project root (its `.art/agents` and `.claude/agents` are read). */
  projectRoot?: string;
  /** `$ART_HOME` (its `agents` is read). */
  artHome?: string;
}

/**
 * Finds every agent file: `<repo>/.art/agents/*.md`, then `<repo>/.claude/agents/*.md`, then `$ART_HOME/agents/*.md`.
 * A name found earlier wins (the project is more specific than the user); the same name twice in one folder is an
 * error. Missing folders are fine.
 *
 * ```ts
 * const agents = await loadAgents({ projectRoot: process.cwd(), artHome: resolveArtHome() });
 * ```
 * @throws InvalidAgentFileError for the first bad file.
 */
export async function loadAgents(dirs: AgentDirs): Promise<AgentFile[]> {
  const places: [string, AgentSourceKind][] = [];
  if (dirs.projectRoot) {
    places.push([join(dirs.projectRoot, ".art", "agents"), "project"]);
    places.push([join(dirs.projectRoot, ".claude", "agents"), "claude"]);
  }
  if (dirs.artHome) places.push([join(dirs.artHome, "agents"), "user"]);
  const found = new Map<string, AgentFile>();
  for (const [dir, kind] of places) {
    const here = new Map<string, AgentFile>();
    for (const file of await markdownFiles(dir)) {
      const agent = parseAgentFile(await readFile(file, "utf8"), file, kind);
      const twin = here.get(agent.name);
      if (twin) {
        throw new InvalidAgentFileError(
          file,
          "name",
          `"${agent.name}" is also the name in ${twin.source.file}`,
        );
      }
      here.set(agent.name, agent);
    }
    for (const [name, agent] of here) if (!found.has(name)) found.set(name, agent);
  }
  // Checked once every folder is read: a handoff may name an agent of another folder.
  for (const agent of found.values()) {
    for (const target of agent.handoffs ?? []) {
      if (!found.has(target))
        throw new InvalidAgentFileError(
          agent.source.file,
          "handoffs",
          `names "${target}", which is not an agent (agents: ${[...found.keys()].join(", ")})`,
        );
    }
  }
  return [...found.values()];
}

/** The agent called `name`, or undefined. */
export async function findAgent(dirs: AgentDirs, name: string): Promise<AgentFile | undefined> {
  return (await loadAgents(dirs)).find((agent) => agent.name === name);
}

async function markdownFiles(dir: string): Promise<string[]> {
  try {
    const names = await readdir(dir);
    return names
      .filter((n) => n.endsWith(".md"))
      .sort()
      .map((n) => join(dir, n));
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === "ENOENT" ||
      (error as NodeJS.ErrnoException).code === "ENOTDIR"
    ) {
      return [];
    }
    throw error;
  }
}
