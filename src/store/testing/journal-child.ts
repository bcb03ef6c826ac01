// A journal in another process, driven over stdin/stdout for the cross-process tests:
//   node --import tsx journal-child.ts <db>
// Each stdin line is one JSON command; each reply is one JSON line on stdout:
//   {"op":"acquire","session":"s","ttlMs":300}  → {"ok":true,"fence":1} | {"ok":false,"code":"store.session_busy"}
//   {"op":"append","events":[...]}              → {"ok":true,"seqs":[2,3]} | {"ok":false,"code":...}
//   {"op":"flush"}                              → {"ok":true} | {"ok":false,"code":...}
//   {"op":"tail","session":"s","fromSeq":1}     → {"tailed":{...stored event}}* then {"tailEnded":true}
//                                                 (follows until session.ended; replies "ok" first)
//   {"op":"exit"}                               → closes the journal and exits
import { createInterface } from "node:readline";
import type { AgentEvent } from "../../core/index.js";
import type { JournalWriter } from "../journal.js";
import { openSqliteJournal } from "../sqlite/sqlite-journal.js";

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: journal-child.ts <db>\n");
  process.exit(2);
}
const journal = openSqliteJournal({ path: file, tailPollMs: 5 });
let writer: JournalWriter | undefined;
const reply = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};
const failure = (error: unknown) => ({ ok: false, code: (error as { code?: string }).code ?? String(error) });

async function run(command: Record<string, unknown>): Promise<void> {
  switch (command.op) {
    case "acquire":
      writer = await journal.acquire(String(command.session), { ttlMs: Number(command.ttlMs ?? 30_000) });
      return reply({ ok: true, fence: writer.fencingToken });
    case "append":
      return reply({
        ok: true,
        seqs: writer!.append(command.events as AgentEvent[]).map((stored) => stored.seq),
      });
    case "flush":
      await writer!.flush();
      return reply({ ok: true });
    case "tail":
      reply({ ok: true });
      for await (const stored of journal.tail(String(command.session), Number(command.fromSeq ?? 1), {
        untilEnded: true,
      })) {
        reply({ tailed: stored });
      }
      return reply({ tailEnded: true });
    case "exit":
      await journal.close().catch(() => {});
      process.exit(0);
  }
}

// Commands run one after another, in order; a tail runs beside the later ones.
let queue = Promise.resolve();
createInterface({ input: process.stdin }).on("line", (line) => {
  const command = JSON.parse(line) as Record<string, unknown>;
  const start = () => run(command).catch((error) => reply(failure(error)));
  if (command.op === "tail") queue = queue.then(() => void start());
  else queue = queue.then(start);
});
