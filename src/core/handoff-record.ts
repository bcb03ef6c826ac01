import { z } from "zod";
import { AgentDefinitionBase } from "./agent-definition-base.js";
import { ApprovalMode, NetworkMode, SandboxMode } from "./modes.js";

/**
 * Version of {@link HandoffTeam} and of the `agent.handoff` event. A reader meeting a newer one refuses the session
 * rather than hand off under rules it cannot read.
 */
export const HANDOFF_RECORD_VERSION = 1;

/**
 * What the next agent sees of the conversation when handed the session: `full` (everything so far, the default),
 * `last_message` (only the last user message: the task at hand, without the previous agent's work) or `custom` (a
 * library function; each handoff journals what it returned, and where the function is not given again, e.g. a
 * resume without the agents, the agent sees everything).
 */
export const HandoffInput = z.enum(["full", "last_message", "custom"]);
export type HandoffInput = z.infer<typeof HandoffInput>;

/** One agent a session may be handed to: its definition and what it asks of the session's permissions. */
export const HandoffMember = z.object({
  /** Its effective definition (prompt, tools with their schemas, limits), as a session of it would journal. */
  definition: AgentDefinitionBase,
  /** Its model spec; absent: the session's own model. */
  model: z.string().optional(),
  /** Base URL for its provider, with `model`. */
  baseUrl: z.string().optional(),
  /** What it asks for; the session's permissions are narrowed by it, never widened. */
  sandbox: SandboxMode.optional(),
  network: NetworkMode.optional(),
  approval: ApprovalMode.optional(),
  /** Writable roots it asks for (only those inside the session's are kept). */
  writableRoots: z.array(z.string()).optional(),
  /** The names it may hand the session on to (each a member). */
  handoffs: z.array(z.string()),
  /** What it sees of the conversation when handed it. */
  input: HandoffInput,
});
export type HandoffMember = z.infer<typeof HandoffMember>;

/**
 * The agents a session may hand itself to, journaled with the first agent's definition, so resume and fork hand off
 * exactly as the session started (whatever the agent files say by then).
 */
export const HandoffTeam = z.object({
  /** {@link HANDOFF_RECORD_VERSION} of the build that wrote it. */
  version: z.number().int().positive(),
  /** Handoffs allowed in one turn; one more fails the turn (`agent.handoff_limit`). */
  maxPerTurn: z.number().int().positive(),
  /** Every agent reachable by handoffs from the first, the first included, by name. */
  members: z.record(z.string(), HandoffMember),
});
export type HandoffTeam = z.infer<typeof HandoffTeam>;
