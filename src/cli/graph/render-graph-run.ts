import type { CliIO } from "../command.js";

/** One thing a graph run shows: a node's update, an agent event, an interrupt. */
export type GraphRunItem =
  | { kind: "update"; node: string; update: unknown }
  | { kind: "agent"; sessionId: string; seq: number; event: Record<string, unknown> }
  | { kind: "message"; delta: string; node: string }
  | { kind: "interrupt"; interrupts: { id: string; value: unknown }[] };

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 200 ? `${text.slice(0, 197)}…` : text;
}

/** Renders a graph run for people (stderr) or as JSON lines (stdout), the way `art exec` renders a session. */
export function graphRenderer(io: CliIO, json: boolean, threadId: string): (item: GraphRunItem) => void {
  const write = (line: Record<string, unknown>) =>
    io.stdout.write(`${JSON.stringify({ ...line, threadId })}\n`);
  let inMessage = false;
  const endMessage = () => {
    if (inMessage) io.stderr.write("\n");
    inMessage = false;
  };
  return (item) => {
    if (json) {
      if (item.kind === "update") write({ type: "graph.update", node: item.node, update: item.update });
      else if (item.kind === "agent") write({ ...item.event, sessionId: item.sessionId, seq: item.seq });
      else if (item.kind === "interrupt") write({ type: "graph.interrupt", interrupts: item.interrupts });
      return;
    }
    if (item.kind === "message") {
      if (!inMessage) io.stderr.write(`  [${item.node}] `);
      inMessage = true;
      io.stderr.write(item.delta);
    } else if (item.kind === "agent") {
      const event = item.event;
      if (event.type === "message.completed") endMessage();
      else if (event.type === "exec.begin") {
        endMessage();
        io.stderr.write(`  $ ${String((event as { command?: unknown }).command ?? "")}\n`);
      }
    } else if (item.kind === "update") {
      endMessage();
      io.stderr.write(`▸ ${item.node} ${brief(item.update)}\n`);
    } else {
      endMessage();
      for (const entry of item.interrupts)
        io.stderr.write(`⏸ interrupt ${entry.id}: ${brief(entry.value)}\n`);
    }
  };
}
