import type { ConversationItem } from "../core/index.js";

/** What a {@link ContextProvider} is told about the sampling step it contributes to. */
export interface ContextInput {
  sessionId: string;
  turnId: string;
  /** The step about to be sampled, counted from 0 within the turn. */
  step: number;
  /** The session's workspace. */
  cwd: string;
  /** The turn's task (the user's message that started it). */
  input: string;
  /** The conversation as it will be sent, after any compaction. */
  items: readonly ConversationItem[];
  signal: AbortSignal;
}

/**
 * Contributes items to one sampling step's request (memory retrieval, later). Its items go after the conversation,
 * for that request only: they are not journaled, so they are neither replayed on resume nor compacted, and they are
 * asked for again before every step. A rejection fails the turn. None is configured by default.
 */
export type ContextProvider = (input: ContextInput) => Promise<ConversationItem[]>;
