import { createHash, randomUUID } from "node:crypto";
import {
  type AgentNodeAgent,
  type AgentNodeResult,
  Annotation,
  agentNode,
  END,
  type NodeConfig,
  Send,
  START,
  StateGraph,
} from "../graph/index.js";
import type { Agent } from "../orchestrator/index.js";
import { parseDecision, type Route } from "./decision.js";
import { TeamInputError, TeamRoundsError, TeamRouteError } from "./errors.js";
import { supervisorTurn } from "./supervisor-turn.js";

/** One named member of a supervised team. */
export interface TeamMember {
  agent: AgentNodeAgent;
  /** What it is good at: the supervisor routes by this. */
  description: string;
  /** Its workspace (default: the team's `cwd`). */
  cwd?: string;
}

/** What one member reported back in one round. */
export interface TeamReport extends AgentNodeResult {
  round: number;
  agent: string;
  task: string;
}

/** How {@link createSupervisor} builds a team. */
export interface SupervisorOptions {
  /** The coordinator; it only decides (give it a read-only sandbox unless it should work too). */
  supervisor: AgentNodeAgent;
  members: Record<string, TeamMember>;
  /** The supervisor's and the members' default workspace (default: the process's cwd). */
  cwd?: string;
  /** Rounds of routing before the team stops with `team.max_rounds` (default 10). */
  maxRounds?: number;
  /** Times a reply that is not a usable decision is sent back with what to fix (default 2). */
  corrections?: number;
}

const MEMBER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;

function rosterPrompt(task: string, members: Record<string, TeamMember>): string {
  const lines = Object.entries(members).map(([name, member]) => `- ${name}: ${member.description}`);
  return [
    "You coordinate a team of agents. Split the task into work for them, read what they report, and decide what",
    "happens next. The agents:",
    ...lines,
    "",
    'Reply with ONLY a JSON object. To give work: {"route": [{"agent": "<name>", "task": "<what to do>"}]} — several',
    'entries run at the same time. When the task is done: {"answer": "<the final answer for the user>"}.',
    "",
    `The task: ${task}`,
  ].join("\n");
}

function reportPrompt(reports: TeamReport[]): string {
  const parts = reports.map(
    (report) =>
      `## ${report.agent} (${report.status}) — task: ${report.task}\n${report.finalMessage || "(no message)"}${
        report.filesChanged.length ? `\nFiles changed: ${report.filesChanged.join(", ")}` : ""
      }`,
  );
  return `The agents reported:\n\n${parts.join("\n\n")}\n\nDecide what happens next (JSON only, as before).`;
}

/**
 * The supervisor team: a coordinator agent routes work to named members — several at once when it asks — reads
 * their reports and routes again until it gives the final answer. The coordinator is one session across rounds (it
 * keeps the whole conversation); each member's piece of work is its own session tied to its graph task, so a crash
 * or an approval interrupt resumes exactly the unfinished ones. A reply that is not a usable decision is sent back
 * naming what to fix, at most `corrections` times, then the run fails with `team.bad_route`.
 *
 * @example
 * ```ts
 * const team = createSupervisor({
 *   supervisor: { model: "anthropic:claude-sonnet-4-5", sandbox: "read-only", artHome },
 *   members: {
 *     coder: { agent: { model: "openai:gpt-5", artHome }, description: "writes and fixes code" },
 *     reviewer: { agent: { model: "openai:gpt-5-mini", artHome, sandbox: "read-only" }, description: "reviews diffs" },
 *   },
 *   cwd: "/repo",
 * }).compile({ checkpointer: new SqliteSaver() });
 * const { answer } = await team.invoke({ task: "add a --verbose flag" }, { configurable: { thread_id: "t1" } });
 * ```
 */
export function createSupervisor(options: SupervisorOptions) {
  const names = Object.keys(options.members);
  if (names.length === 0) throw new TeamInputError("createSupervisor: give at least one member.");
  for (const name of names)
    if (!MEMBER_NAME.test(name))
      throw new TeamInputError(
        `createSupervisor: member name "${name}" must be a letter then letters, digits, _ or -.`,
      );
  const maxRounds = options.maxRounds ?? 10;
  const corrections = options.corrections ?? 2;
  const State = Annotation.Root({
    task: Annotation<string>(),
    reports: Annotation<TeamReport[]>({
      reducer: (current, update) => current.concat(update),
      default: () => [],
    }),
    route: Annotation<Route[]>(),
    answer: Annotation<string>(),
    round: Annotation<number>(),
    supervisorTurns: Annotation<number>(),
    /** Names the coordinator's session when the run has no thread (and so no durable identity). */
    teamId: Annotation<string>(),
  });
  type TeamState = typeof State.State;
  let coordinator: Promise<Agent> | undefined;
  const getCoordinator = async (): Promise<Agent> => {
    const orchestrator = await import("../orchestrator/index.js");
    if (options.supervisor instanceof orchestrator.Agent) return options.supervisor;
    coordinator ??= orchestrator.Agent.create(options.supervisor);
    return coordinator;
  };
  const workers = Object.fromEntries(
    names.map((name) => [
      name,
      agentNode<{ task: string; round: number }>(options.members[name]!.agent, {
        task: (input) => input.task,
        cwd: () => options.members[name]!.cwd ?? options.cwd ?? process.cwd(),
        failOnError: false,
        output: (result, input) => ({
          reports: [{ ...result, round: input.round, agent: name, task: input.task }],
        }),
      }),
    ]),
  );

  const supervise = async (state: TeamState, config: NodeConfig) => {
    if (typeof state.task !== "string" || !state.task.trim())
      throw new TeamInputError('createSupervisor: the input needs "task", a non-empty string.');
    const round = state.round ?? 0;
    if (round >= maxRounds) throw new TeamRoundsError(maxRounds);
    const agent = await getCoordinator();
    // A thread names the team durably (a resumed run finds its coordinator again); a run without one gets an id
    // of its own, so two thread-less runs never share a coordinator session.
    const thread = config.configurable?.thread_id;
    const teamId = state.teamId ?? (thread ? `thread:${thread}` : `run:${randomUUID()}`);
    const key = `${teamId}|${config.configurable?.checkpoint_ns ?? ""}|supervisor`;
    const sessionId = `ses_t${createHash("sha256").update(key).digest("hex").slice(0, 24)}`;
    const turnOptions = { signal: config.signal, ...(options.cwd ? { cwd: options.cwd } : {}) };
    const message =
      round === 0
        ? rosterPrompt(state.task, options.members)
        : reportPrompt(state.reports.filter((report) => report.round === round - 1));
    let reply = await supervisorTurn(agent, sessionId, state.supervisorTurns ?? 0, message, turnOptions);
    let decision = parseDecision(reply.text, names);
    for (let attempt = 0; !decision.ok; attempt++) {
      if (attempt >= corrections)
        throw new TeamRouteError(
          `The supervisor's reply could not be used: ${decision.problem}.`,
          "Check its model and instructions.",
        );
      reply = await supervisorTurn(
        agent,
        sessionId,
        reply.turns,
        `That reply could not be used: ${decision.problem}. Reply again with only the JSON object.`,
        turnOptions,
      );
      decision = parseDecision(reply.text, names);
    }
    return {
      supervisorTurns: reply.turns,
      round: round + 1,
      route: decision.route,
      answer: decision.answer ?? "",
    };
  };

  return (
    new StateGraph(State)
      .addNode("supervisor", supervise)
      // A Send's args arrive in place of the state.
      .addNode("member", (state: TeamState, config: NodeConfig) => {
        const input = state as unknown as Route & { round: number };
        return workers[input.agent]!(input, config);
      })
      .addEdge(START, "supervisor")
      .addConditionalEdges("supervisor", (state: TeamState) =>
        state.route.length === 0
          ? END
          : state.route.map((route) => new Send("member", { ...route, round: (state.round ?? 1) - 1 })),
      )
      .addEdge("member", "supervisor")
  );
}
