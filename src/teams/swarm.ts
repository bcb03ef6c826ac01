import { createHash, randomUUID } from "node:crypto";
import { Annotation, END, type NodeConfig, START, StateGraph } from "../graph/index.js";
import { type AgentDefinition, defineAgent, type Runtime } from "../runtime/index.js";
import { TeamInputError } from "./errors.js";
import { swarmTurn } from "./swarm-turn.js";

/** How {@link createSwarm} builds a swarm. */
export interface SwarmOptions {
  /** The runtime its session runs in. */
  runtime: Runtime;
  /**
   * The agents. One that names no `handoffs` may hand off to every other; one that names some keeps its own list
   * (names outside the swarm fail the first message with `agent.unknown_handoff`).
   */
  agents: readonly AgentDefinition[];
  /** Who answers the first message (default: the first agent). */
  defaultAgent?: string;
  /** The workspace (default: the process's cwd). */
  cwd?: string;
}

/** One message the swarm answered. */
export interface SwarmExchange {
  message: string;
  answer: string;
  /** The agent that gave the answer (who has the conversation now). */
  agent: string;
}

/**
 * A swarm: agents that hand the conversation to each other (`transfer_to_<name>`), in one session across messages.
 * The agent that answered last answers the next message: `activeAgent` is in the graph's checkpointed state (and
 * the session journals every handoff), so a resumed or later invocation on the thread starts with it. Each
 * invocation answers `message`; a crash mid-answer resumes that turn rather than giving the message again.
 *
 * @example
 * ```ts
 * const swarm = createSwarm({ runtime, agents: [triage, billing, support], cwd: "/repo" })
 *   .compile({ checkpointer: new SqliteSaver() });
 * const first = await swarm.invoke({ message: "my invoice is wrong" }, { configurable: { thread_id: "c1" } });
 * first.activeAgent; // "billing", if triage handed off; it answers the next message on thread c1
 * ```
 */
export function createSwarm(options: SwarmOptions) {
  const names = options.agents.map((agent) => agent.name);
  if (names.length === 0) throw new TeamInputError("createSwarm: give at least one agent.");
  if (new Set(names).size !== names.length)
    throw new TeamInputError(
      `createSwarm: agent names repeat (${names.join(", ")}); give each a name of its own.`,
    );
  const defaultAgent = options.defaultAgent ?? names[0]!;
  if (!names.includes(defaultAgent))
    throw new TeamInputError(
      `createSwarm: defaultAgent "${defaultAgent}" is not one of ${names.join(", ")}.`,
    );
  const agents = options.agents.map((agent) =>
    agent.handoffs !== undefined
      ? agent
      : defineAgent({ ...agent, handoffs: names.filter((name) => name !== agent.name) }),
  );
  const byName = new Map(agents.map((agent) => [agent.name, agent]));
  const State = Annotation.Root({
    /** The message to answer in this invocation. */
    message: Annotation<string>(),
    /** The answer to it. */
    answer: Annotation<string>(),
    /** Who has the conversation: answers the next message. */
    activeAgent: Annotation<string>(),
    /** Every message and answer so far, in order. */
    history: Annotation<SwarmExchange[]>({
      reducer: (current, update) => current.concat(update),
      default: () => [],
    }),
    /** Turns of the swarm's session so far (exactly-once bookkeeping). */
    turns: Annotation<number>(),
    /** Names the session when the run has no thread. */
    swarmId: Annotation<string>(),
  });
  type SwarmState = typeof State.State;

  const answer = async (state: SwarmState, config: NodeConfig) => {
    if (typeof state.message !== "string" || !state.message.trim())
      throw new TeamInputError('createSwarm: the input needs "message", a non-empty string.');
    const thread = config.configurable?.thread_id;
    const swarmId = state.swarmId ?? (thread ? `thread:${thread}` : `run:${randomUUID()}`);
    const key = `${swarmId}|${config.configurable?.checkpoint_ns ?? ""}|swarm`;
    const sessionId = `ses_w${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
    const active = byName.get(state.activeAgent ?? defaultAgent) ?? byName.get(defaultAgent)!;
    const reply = await swarmTurn({
      runtime: options.runtime,
      sessionId,
      after: state.turns ?? 0,
      message: state.message,
      first: active,
      agents,
      signal: config.signal,
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    return {
      swarmId,
      turns: reply.turns,
      answer: reply.text,
      activeAgent: reply.active,
      history: [{ message: state.message, answer: reply.text, agent: reply.active }],
    };
  };

  return new StateGraph(State).addNode("swarm", answer).addEdge(START, "swarm").addEdge("swarm", END);
}
