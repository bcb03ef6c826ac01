import type { Tool } from "./tool.js";

/** Where a memory applies: this workspace only, or every workspace of this user. */
export type MemoryScopeName = "workspace" | "user";

/** One memory as the `recall` tool shows it. */
export interface RecalledNote {
  id: string;
  text: string;
  scope: MemoryScopeName;
  /** The session that remembered it (null when a person wrote it). */
  sessionId: string | null;
  createdAt: number;
}

/**
 * The session's long-term memory as the `remember` and `recall` tools reach it; the session wires it (see
 * `session-services.ts`), opening the store only on first use.
 */
export interface MemoryAccess {
  remember(
    input: { text: string; scope: MemoryScopeName },
    call: { sessionId: string; turnId: string; cwd: string },
  ): Promise<{ id: string; scope: MemoryScopeName }>;
  recall(
    input: { query: string; k: number },
    call: { cwd: string; signal: AbortSignal },
  ): Promise<RecalledNote[]>;
}

/** `tool` with every call given `memory` (how a session hands its long-term memory to the memory tools). */
export function withMemory(tool: Tool<unknown>, memory: MemoryAccess): Tool<unknown> {
  return { ...tool, execute: (args, context) => tool.execute(args, { ...context, memory }) };
}
