import type { LanguageModelV3 } from "@ai-sdk/provider";
import type { SessionSettings } from "../core/index.js";
import type { HandoffInputOption } from "../handoffs/index.js";
import type { ModelClient } from "../model/index.js";
import type { Tool } from "../tools/index.js";
import type { BuiltinToolName } from "./builtin-tool-names.js";
import { checkDefinition } from "./check-definition.js";

/** Which tools an agent offers the model. */
export interface AgentTools {
  /** Built-ins to offer: all of them (default), none, or these, in this order. */
  builtins?: "all" | "none" | readonly BuiltinToolName[];
  /** Tools of your own, after the built-ins. A name may not repeat a chosen built-in's (leave that one out). */
  extra?: readonly Tool<unknown>[];
}

/**
 * What an agent is, as given to {@link defineAgent}. Nothing here is about the process that runs it (data
 * directory, journal, environment: those are the {@link Runtime}'s) nor about who answers its approvals (the caller
 * of `run` / `resume`).
 */
export interface AgentDefinitionInput {
  /** A name for the agent, journaled with every session it starts (`reviewer`, `fixer`). */
  name: string;
  /** What it is for. */
  description?: string;
  /**
   * The model: a spec (`openai:gpt-5`, `anthropic:claude-sonnet-4-5`, `openai-compatible:<model>` with `baseUrl`,
   * `scripted:<file>`), an AI SDK model (`openai("gpt-5")` from `@ai-sdk/openai`), or a {@link ModelClient}.
   * Sessions journal the model's spec (`ai-sdk:<provider>:<model id>` for an AI SDK model, which a resume then
   * needs to be given again).
   */
  model: string | LanguageModelV3 | ModelClient;
  /** Base URL for providers that take one (`openai-compatible`, proxies), with a spec. */
  baseUrl?: string;
  /**
   * The base of the system prompt. Default {@link CODING_PROMPT}, the coding agent's; your own text replaces it
   * (keep it with `` `${CODING_PROMPT}\n\n...` ``).
   */
  prompt?: string;
  /** The agent's own instructions, after the base prompt. */
  instructions?: string;
  /** The tools it offers (default: every built-in). */
  tools?: AgentTools;
  /** Sandbox for commands (default `workspace-write`). */
  sandbox?: SessionSettings["sandbox"];
  /** Network for sandboxed commands (default `none`). */
  network?: SessionSettings["network"];
  /** Extra writable directories (relative ones resolve in the session's workspace). */
  writableRoots?: readonly string[];
  /** When to ask before running a tool call (default `on-request`). */
  approval?: SessionSettings["approval"];
  /** Snapshot the workspace at every turn (default true). */
  checkpoints?: boolean;
  /** More exec-policy rule files (any format `SecurityPolicy` reads), besides the user and project layers. */
  ruleFiles?: readonly string[];
  /** Environment variables commands may see besides the safe defaults, and ones to set. */
  childEnv?: { allow?: readonly string[]; set?: Readonly<Record<string, string>> };
  /**
   * Reads of sandboxed commands: more absolute paths to deny, and default denied paths to allow again (take
   * `allow` only from the user, never from a project).
   */
  sandboxReads?: { deny?: readonly string[]; allow?: readonly string[] };
  /** Run commands in a login shell (`bash -lc`), which sources the user's profile. Default false (`bash -c`). */
  loginShell?: boolean;
  /** Model steps allowed per turn (default 100). */
  maxSteps?: number;
  /** Compact when the context exceeds this fraction of the model's window (default 0.85). */
  compactAt?: number;
  /** Seconds a model stream may send nothing before the attempt is retried (default 120; `ART_MODEL_IDLE_TIMEOUT` wins). */
  modelIdleTimeoutSec?: number;
  /**
   * Agents this one may hand the conversation to, by name: the model gets one `transfer_to_<name>` tool each. The
   * names are looked up in `RunOptions.agents` when a session starts (an unknown one: `agent.unknown_handoff`).
   */
  handoffs?: readonly string[];
  /**
   * What this agent sees when handed a session: `full` (default), `last_message` (only the last user message), or a
   * function of the conversation (its result is journaled with the handoff).
   */
  handoffInput?: HandoffInputOption;
  /** Handoffs allowed in one turn of a session this agent starts (default 10); one more fails the turn. */
  maxHandoffsPerTurn?: number;
}

const DEFINITION = Symbol.for("agent-runtime.agent-definition");

/** A checked, frozen {@link AgentDefinitionInput}, made by {@link defineAgent}. */
export type AgentDefinition = Readonly<AgentDefinitionInput> & { readonly [DEFINITION]: true };

/**
 * Defines an agent: checks the definition and returns it frozen. No I/O happens here (no model is built, no file
 * read); a {@link Runtime} does that when it runs the agent, and journals the effective definition with the session.
 *
 * ```ts
 * const reviewer = defineAgent({
 *   name: "reviewer",
 *   model: "anthropic:claude-sonnet-4-5",
 *   prompt: "You review code changes. Never edit files.",
 *   tools: { builtins: ["read_file", "list_dir", "grep"] },
 *   sandbox: "read-only",
 * });
 * ```
 * @throws InvalidDefinitionError (`agent.invalid_definition`) naming what is wrong.
 */
export function defineAgent(input: AgentDefinitionInput): AgentDefinition {
  checkDefinition(input);
  const tools = input.tools
    ? Object.freeze({
        ...input.tools,
        ...(Array.isArray(input.tools.builtins)
          ? { builtins: Object.freeze([...input.tools.builtins]) }
          : {}),
        ...(input.tools.extra ? { extra: Object.freeze([...input.tools.extra]) } : {}),
      })
    : undefined;
  const definition = {
    ...input,
    ...(tools ? { tools } : {}),
    ...(input.handoffs ? { handoffs: Object.freeze([...input.handoffs]) } : {}),
  };
  // Not enumerable, so a spread copy (which might change a field past the checks) is not a definition.
  Object.defineProperty(definition, DEFINITION, { value: true, enumerable: false });
  return Object.freeze(definition) as AgentDefinition;
}

/** Whether `value` was made by {@link defineAgent} (also by another copy of this package). */
export function isAgentDefinition(value: unknown): value is AgentDefinition {
  return (
    typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[DEFINITION] === true
  );
}
