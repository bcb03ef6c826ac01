import path from "node:path";
import { InvalidInputError, newId } from "../../core/index.js";
import { resolveArtHome } from "../../runtime/index.js";
import type { CliIO } from "../command.js";
import { loadGraphModule } from "./load-graph-module.js";
import { graphRenderer } from "./render-graph-run.js";

/** Exit code of a run that paused at an interrupt and waits for `--resume`. */
export const EXIT_PAUSED = 3;

function parseJson(text: string, flag: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidInputError(`${flag} is not valid JSON: ${(error as Error).message}.`, {
      hint: `Quote it for the shell, e.g. ${flag} '{"task": "fix the test"}'.`,
    });
  }
}

/** What `art graph run` was asked. */
export interface RunGraphRequest {
  module: string;
  exportName?: string;
  input?: string;
  thread?: string;
  resume?: string;
  json: boolean;
}

/**
 * `art graph run`: runs a module's compiled graph with its checkpoints in the journal database, streaming node
 * updates and agent events; pauses (exit 3) at an interrupt with the command that resumes it.
 */
export async function runGraph(request: RunGraphRequest, io: CliIO): Promise<number> {
  const graph = await loadGraphModule(request.module, io.cwd, request.exportName);
  const { Command, SqliteSaver } = await import("../../graph/index.js");
  const saver = new SqliteSaver({ path: path.join(resolveArtHome(io.env), "art.db") });
  const durable = graph.withCheckpointer(saver);
  const threadId = request.thread ?? newId("thr_");
  const render = graphRenderer(io, request.json, threadId);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once("SIGINT", onSignal);
  try {
    let input: unknown;
    if (request.resume !== undefined) {
      if (!request.thread)
        throw new InvalidInputError("--resume continues a thread: pass --thread ID as well.");
      input = new Command({ resume: parseJson(request.resume, "--resume") });
    } else if (request.input !== undefined) input = parseJson(request.input, "--input");
    else input = request.thread ? null : {};
    if (!request.json) io.stderr.write(`thread ${threadId}\n`);
    else
      io.stdout.write(
        `${JSON.stringify({ type: "graph.started", threadId, module: path.resolve(io.cwd, request.module) })}\n`,
      );
    const stream = await durable.stream(input as never, {
      configurable: { thread_id: threadId },
      streamMode: ["updates", "custom", "messages"],
      signal: controller.signal,
      durability: "sync",
    });
    let interrupts: { id: string; value: unknown }[] | undefined;
    for await (const [mode, chunk] of stream as AsyncIterable<[string, unknown]>) {
      if (mode === "updates") {
        for (const [node, update] of Object.entries(chunk as Record<string, unknown>)) {
          if (node === "__interrupt__") {
            interrupts = update as { id: string; value: unknown }[];
            render({ kind: "interrupt", interrupts });
          } else render({ kind: "update", node, update });
        }
      } else if (mode === "custom") {
        const item = chunk as {
          type?: string;
          sessionId?: string;
          seq?: number;
          event?: Record<string, unknown>;
        };
        if (item?.type === "agent.event" && item.event)
          render({ kind: "agent", sessionId: item.sessionId ?? "", seq: item.seq ?? 0, event: item.event });
      } else if (mode === "messages") {
        const [message, metadata] = chunk as [{ content?: string }, { langgraph_node?: string }];
        render({ kind: "message", delta: message.content ?? "", node: metadata.langgraph_node ?? "" });
      }
    }
    const state = await durable.getState({ configurable: { thread_id: threadId } });
    const paused = interrupts !== undefined || state.next.length > 0;
    const status = paused ? "interrupted" : "completed";
    if (request.json)
      io.stdout.write(
        `${JSON.stringify({ type: "result", status, threadId, values: state.values, next: state.next, ...(interrupts ? { interrupts } : {}) })}\n`,
      );
    else {
      io.stdout.write(`${JSON.stringify(state.values, null, 2)}\n`);
      if (paused)
        io.stderr.write(
          `Paused before ${state.next.join(", ") || "the end"}. Resume with: art graph run ${request.module} --thread ${threadId} --resume '<answer as JSON>'\n`,
        );
      else io.stderr.write(`✔ thread ${threadId} completed\n`);
    }
    return paused ? EXIT_PAUSED : 0;
  } finally {
    process.off("SIGINT", onSignal);
    await saver.close();
  }
}
