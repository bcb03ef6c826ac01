import type { ConversationItem, HandoffInput } from "../core/index.js";

/**
 * A library input filter: what the agent handed the session sees of the conversation (the transfer call and its
 * result are its last items). Its result is journaled with the handoff, so resume and fork see the same.
 *
 * ```ts
 * const onlyUser: HandoffInputFilter = (items) => items.filter((item) => item.type === "user");
 * ```
 */
export type HandoffInputFilter = (items: readonly ConversationItem[]) => ConversationItem[];

/** What an agent sees when handed the session: `full`, `last_message`, or a function of the conversation. */
export type HandoffInputOption = "full" | "last_message" | HandoffInputFilter;

/**
 * The conversation the next agent sees, or undefined for all of it (nothing to journal). `last_message` keeps only
 * the last user message: the task at hand, without the previous agent's steps.
 */
export function filterInput(
  input: HandoffInput,
  items: readonly ConversationItem[],
  custom: HandoffInputFilter | undefined,
): ConversationItem[] | undefined {
  if (input === "last_message") {
    const last = items.findLast((item) => item.type === "user");
    return last ? [last] : [];
  }
  if (input === "custom" && custom) return custom(items).map((item) => ({ ...item }));
  return undefined;
}
