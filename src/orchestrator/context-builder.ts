import type { Usage } from "../core/index.js";
import type { ModelClient, ModelRequest, ModelToolSpec } from "../model/index.js";
import { compact, estimateItemTokens, estimateRequestTokens } from "./compaction.js";
import type { ContextProvider } from "./context-provider.js";
import { ContextTooLargeError } from "./context-too-large-error.js";
import type { LiveSession } from "./live-session.js";

/**
 * Compactions in a row that may leave the prompt over the threshold (measured right after, or as the next step's
 * reported size) before the turn fails: a second one can still help when the first summary came out long; past
 * that, compacting again before every step only doubles the model calls (the "97 times").
 */
export const MAX_COMPACTIONS_WITHOUT_ROOM = 2;

/** What a {@link ContextBuilder} is built from, once per turn. */
export interface ContextBuilderOptions {
  session: LiveSession;
  /** Samples the summaries too. */
  model: ModelClient;
  turnId: string;
  signal: AbortSignal;
  /**
   * The session's system prompt for this turn (AGENTS.md included). Called once, before the turn's first step: the
   * files are read once per turn, and every step of a turn sends the same prompt.
   */
  systemPrompt: () => string;
  /** The tools to list; a function is asked before each step (deferred tools revealed since are listed). */
  tools: ModelToolSpec[] | (() => ModelToolSpec[]);
  responseFormat?: ModelRequest["responseFormat"];
  /** Compact when the next prompt would exceed this many tokens. */
  compactAtTokens: number;
  /** Contributors of per-step items (memory retrieval, later); none by default. */
  providers?: readonly ContextProvider[];
}

/** The prompt a sampling step sent, as its provider counted it. */
interface SentPrompt {
  inputTokens: number;
  /** How many conversation items it held; later items were added after it was sent. */
  itemCount: number;
}

/**
 * The step before each sampling step: assembles the request — the turn's system prompt, the conversation, the
 * tool definitions, items from context providers — and compacts the conversation first when the prompt about to be
 * sent is over the threshold. The size it judges is the last step's prompt as the provider reported it, plus an
 * estimate of what was added since (that step's answer, tool results); when no step has reported yet in this turn,
 * or since the last compaction, it is an estimate of the whole request. Not the turn's summed usage: a turn of many
 * small prompts is not a large prompt.
 *
 * One builder lives for one run of a turn; a resumed turn gets a new one (and reads AGENTS.md again).
 */
export class ContextBuilder {
  private system: string | undefined;
  private lastSent: SentPrompt | undefined;
  private building: { estimate: number; itemCount: number } | undefined;
  private compactionsWithoutRoom = 0;

  constructor(private readonly options: ContextBuilderOptions) {}

  /**
   * The request for the next sampling step. Fails with {@link ContextTooLargeError} when compaction has already
   * been tried {@link MAX_COMPACTIONS_WITHOUT_ROOM} times without making room.
   */
  async build(): Promise<ModelRequest> {
    const { options } = this;
    const { session } = options;
    const system = this.systemPrompt();
    for (;;) {
      const tokens = this.nextPromptTokens(system);
      if (tokens <= options.compactAtTokens) break;
      if (this.compactionsWithoutRoom >= MAX_COMPACTIONS_WITHOUT_ROOM) {
        throw new ContextTooLargeError(tokens, options.compactAtTokens, this.compactionsWithoutRoom);
      }
      this.compactionsWithoutRoom++;
      const compacted = await compact(
        session,
        options.model,
        { system, turnId: options.turnId, tokensBefore: tokens },
        options.signal,
      );
      // Reset: what the provider reported was about the history before the summary.
      if (compacted) this.lastSent = undefined;
    }
    const items = session.state.items;
    const provided = await this.provided(items);
    const request: ModelRequest = {
      system,
      items: provided.length > 0 ? [...items, ...provided] : items,
      tools: this.tools(),
      ...(options.responseFormat ? { responseFormat: options.responseFormat } : {}),
    };
    this.building = { estimate: estimateRequestTokens(request), itemCount: items.length };
    return request;
  }

  /**
   * Records the usage the provider reported for the step just sampled from the last built request. A provider that
   * reports no input tokens is taken at the request's estimate.
   */
  sampled(usage: Usage): void {
    const built = this.building;
    if (!built) return;
    this.building = undefined;
    const inputTokens = usage.inputTokens > 0 ? usage.inputTokens : built.estimate;
    this.lastSent = { inputTokens, itemCount: built.itemCount };
    if (inputTokens <= this.options.compactAtTokens) this.compactionsWithoutRoom = 0;
  }

  private tools(): ModelToolSpec[] {
    const { tools } = this.options;
    return typeof tools === "function" ? tools() : tools;
  }

  private systemPrompt(): string {
    this.system ??= this.options.systemPrompt();
    return this.system;
  }

  private nextPromptTokens(system: string): number {
    const { items } = this.options.session.state;
    const last = this.lastSent;
    if (last && items.length >= last.itemCount) {
      return last.inputTokens + estimateItemTokens(items.slice(last.itemCount));
    }
    return estimateRequestTokens({ system, items, tools: this.tools() });
  }

  private async provided(items: ModelRequest["items"]): Promise<ModelRequest["items"]> {
    const providers = this.options.providers ?? [];
    if (providers.length === 0) return [];
    const { session, turnId, signal } = this.options;
    const turn = session.state.turns.at(-1);
    const input = {
      sessionId: session.id,
      turnId,
      step: turn?.steps ?? 0,
      cwd: session.state.cwd,
      input: turn?.input ?? "",
      items,
      signal,
    };
    const results = await Promise.all(providers.map((provider) => provider(input)));
    return results.flat();
  }
}
