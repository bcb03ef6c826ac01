import path from "node:path";
import { resolveArtHome } from "../../runtime/index.js";
import type { CliIO } from "../command.js";

/** `art graph history --thread ID`: the thread's checkpoints, newest first, read straight from the journal database. */
export async function graphHistory(threadId: string, json: boolean, io: CliIO): Promise<number> {
  const { SqliteSaver } = await import("../../graph/index.js");
  const saver = new SqliteSaver({ path: path.join(resolveArtHome(io.env), "art.db") });
  try {
    let count = 0;
    for await (const tuple of saver.list({ threadId, namespace: "" })) {
      count++;
      const { checkpoint, metadata } = tuple;
      const next = [...checkpoint.triggers, ...checkpoint.sends.map((send) => send.node)];
      const interrupts = tuple.pendingWrites.flatMap((write) =>
        write.kind === "interrupt" ? write.interrupts : [],
      );
      if (json)
        io.stdout.write(
          `${JSON.stringify({ threadId, checkpointId: checkpoint.id, parentId: tuple.parentId ?? null, step: checkpoint.step, source: metadata.source, createdAt: checkpoint.ts, next, values: checkpoint.values, interrupts })}\n`,
        );
      else {
        const keys = Object.keys(checkpoint.values).join(", ");
        io.stdout.write(
          `${String(checkpoint.step).padStart(4)}  ${metadata.source.padEnd(6)}  ${checkpoint.ts}  next: ${next.join(", ") || "—"}  keys: ${keys || "—"}${interrupts.length ? `  ⏸ ${interrupts.length} interrupt(s)` : ""}\n`,
        );
      }
    }
    if (count === 0) {
      io.stderr.write(`art: no checkpoints for thread ${threadId} in ${resolveArtHome(io.env)}.\n`);
      return 1;
    }
    return 0;
  } finally {
    await saver.close();
  }
}
