import { describeError } from "../core/index.js";
import { type Tool, withMemory } from "../tools/index.js";
import type { ContextProvider } from "./context-provider.js";
import type { LiveSession } from "./live-session.js";

/** A run's long-term memory: the memory tools' store and, when the setting asks, the per-turn memories. */
export interface MemoryServices {
  /** Gives a tool the session's memory (every tool gets it; only `remember` and `recall` use it). */
  wrap(tool: Tool<unknown>): Tool<unknown>;
  /** The memories context provider, when `ART_MEMORY_CONTEXT_TOKENS` is above 0; else none. */
  providers: ContextProvider[];
  dispose(): void;
}

/**
 * Wires `$ART_HOME/memory/` into a run. The memory module loads here, the store and its embedder only on first use.
 * A failed memory lookup for the context is journaled as an error and the step goes on without memories: memory
 * helps a turn, it must not fail one.
 */
export async function memoryServices(
  session: LiveSession,
  artHome: string,
  env: NodeJS.ProcessEnv,
): Promise<MemoryServices> {
  const memory = await import("../memory/index.js");
  const settings = memory.memorySettingsFrom(env);
  const run = memory.sessionMemory({ artHome, env, settings });
  const provider: ContextProvider = async (input) => {
    try {
      const text = await run.contextFor({
        turnId: input.turnId,
        cwd: input.cwd,
        query: input.input,
        signal: input.signal,
      });
      return text ? [{ type: "user", text }] : [];
    } catch (error) {
      if (input.signal.aborted) throw error;
      session.append({ type: "error", turnId: input.turnId, error: describeError(error), willRetry: false });
      return [];
    }
  };
  return {
    wrap: (tool) => withMemory(tool, run.access),
    providers: settings.contextTokens > 0 ? [provider] : [],
    dispose: () => run.close(),
  };
}
