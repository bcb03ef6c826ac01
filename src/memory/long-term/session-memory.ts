import type { MemoryAccess } from "../../tools/index.js";
import type { Embedder } from "../embedder.js";
import { embedderFromSpec } from "../embedders/index.js";
import { LongTermMemory } from "./long-term-memory.js";
import { memoryContextText } from "./memory-context.js";
import type { MemorySettings } from "./memory-settings.js";

/** The embedder the settings name. */
export function embedderOf(settings: MemorySettings, env: NodeJS.ProcessEnv): Promise<Embedder> {
  return embedderFromSpec(settings.embedder, {
    env,
    ...(settings.embedderBaseUrl ? { baseUrl: settings.embedderBaseUrl } : {}),
    ...(settings.embedderDimensions ? { dimensions: settings.embedderDimensions } : {}),
  });
}

/** One run's long-term memory: the tools' access and the context provider, over one lazily opened store. */
export interface SessionMemory {
  access: MemoryAccess;
  /** The text of the turn's relevant memories within the budget, or undefined (budget 0, nothing relevant). */
  contextFor(input: {
    turnId: string;
    cwd: string;
    query: string;
    signal: AbortSignal;
  }): Promise<string | undefined>;
  /** Closes the store if it was opened. */
  close(): void;
}

/**
 * Builds a run's {@link SessionMemory}. Nothing is loaded (no SQLite, no embedder) until a memory tool is called
 * or the context option asks; a failed open is retried at the next use instead of being cached.
 */
export function sessionMemory(options: {
  artHome: string;
  env: NodeJS.ProcessEnv;
  settings: MemorySettings;
}): SessionMemory {
  const { settings } = options;
  let opened: Promise<LongTermMemory> | undefined;
  let closed = false;
  const open = (): Promise<LongTermMemory> => {
    opened ??= (async () => {
      const embedder = await embedderOf(settings, options.env);
      return LongTermMemory.open({ artHome: options.artHome, embedder, env: options.env });
    })().catch((error: unknown) => {
      opened = undefined;
      throw error;
    });
    return opened;
  };
  // The context is asked for before every step; a turn's memories are looked up once, for its task.
  const perTurn = new Map<string, Promise<string | undefined>>();
  return {
    access: {
      async remember(input, call) {
        const saved = await (await open()).remember({
          text: input.text,
          scope: input.scope,
          workspace: call.cwd,
          sessionId: call.sessionId,
          turnId: call.turnId,
        });
        return { id: saved.id, scope: saved.scope };
      },
      async recall(input, call) {
        const hits = await (await open()).recall(input.query, {
          workspace: call.cwd,
          k: input.k,
          signal: call.signal,
        });
        return hits.map((hit) => ({
          id: hit.id,
          text: hit.text,
          scope: hit.scope,
          sessionId: hit.sessionId,
          createdAt: hit.createdAt,
        }));
      },
    },
    contextFor(input) {
      if (settings.contextTokens <= 0 || !input.query.trim()) return Promise.resolve(undefined);
      let text = perTurn.get(input.turnId);
      if (!text) {
        text = (async () =>
          memoryContextText(
            await (await open()).recall(input.query, { workspace: input.cwd, k: 20, signal: input.signal }),
            settings.contextTokens,
          ))();
        perTurn.set(input.turnId, text);
      }
      return text;
    },
    close() {
      if (closed) return;
      closed = true;
      void opened?.then((memory) => memory.close()).catch(() => {});
    },
  };
}
