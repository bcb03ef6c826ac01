import type { Agent, AgentOptions, RunResult } from "../../orchestrator/index.js";

/** What an agent node's session produced. */
export interface AgentNodeResult {
  /** The session that ran (linked to the graph task: resuming the graph resumes this session). */
  sessionId: string;
  status: RunResult["status"];
  /** The assistant's last message. */
  finalMessage: string;
  /** Workspace paths the turn changed (from its checkpoints, patches and writes), sorted. */
  filesChanged: string[];
}

/** How {@link agentNode} reads its task from the state and writes its result back. */
export interface AgentNodeOptions<State = Record<string, unknown>> {
  /** The task: a state key (default `"task"`) or a function of the state. */
  task?: string | ((state: State) => string);
  /** The workspace: a path, or a function of the state (default: the process's cwd). */
  cwd?: string | ((state: State) => string);
  /**
   * The update: a function of the result, or the state keys to write the final message and the changed files to
   * (default `{ message: "result", files: "files" }`; a key the state lacks is skipped).
   */
  output?:
    | ((result: AgentNodeResult, state: State) => Record<string, unknown>)
    | { message?: string; files?: string };
  /** A failed or interrupted session fails the node (default true); false returns the result instead. */
  failOnError?: boolean;
}

/** An agent node's agent: options to build one (approvals then become graph interrupts) or a ready `Agent`. */
export type AgentNodeAgent = AgentOptions | Agent;
