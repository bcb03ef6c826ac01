import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { AgentEvent, StoredEvent } from "../../core/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../../..");

/** A reply of journal-child.ts. */
export interface ChildReply {
  ok?: boolean;
  code?: string;
  fence?: number;
  seqs?: number[];
}

/**
 * The SQLite journal of another OS process (journal-child.ts), driven command by command: a second writer or a
 * tail that shares nothing with the test's process but the database file.
 */
export class ChildJournal {
  readonly process: ChildProcess;
  /** Events its tail received, in order. */
  readonly tailed: StoredEvent[] = [];
  readonly #replies: ((reply: ChildReply) => void)[] = [];
  #buffer = "";
  #tailEnded: (() => void) | undefined;
  readonly tailEnded: Promise<void>;
  readonly exited: Promise<void>;

  constructor(file: string) {
    this.process = spawn(process.execPath, ["--import", "tsx", path.join(here, "journal-child.ts"), file], {
      cwd: root,
      stdio: ["pipe", "pipe", "inherit"],
    });
    this.tailEnded = new Promise((resolve) => {
      this.#tailEnded = resolve;
    });
    this.exited = new Promise((resolve) => this.process.on("exit", () => resolve()));
    this.process.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      this.#buffer += chunk;
      let newline = this.#buffer.indexOf("\n");
      while (newline >= 0) {
        this.#receive(JSON.parse(this.#buffer.slice(0, newline)));
        this.#buffer = this.#buffer.slice(newline + 1);
        newline = this.#buffer.indexOf("\n");
      }
    });
  }

  #receive(message: ChildReply & { tailed?: StoredEvent; tailEnded?: boolean }): void {
    if (message.tailed) this.tailed.push(message.tailed);
    else if (message.tailEnded) this.#tailEnded?.();
    else this.#replies.shift()?.(message);
  }

  #send(command: Record<string, unknown>): Promise<ChildReply> {
    return new Promise((resolve) => {
      this.#replies.push(resolve);
      this.process.stdin!.write(`${JSON.stringify(command)}\n`);
    });
  }

  acquire(session: string, ttlMs?: number): Promise<ChildReply> {
    return this.#send({ op: "acquire", session, ...(ttlMs ? { ttlMs } : {}) });
  }

  append(events: AgentEvent[]): Promise<ChildReply> {
    return this.#send({ op: "append", events });
  }

  flush(): Promise<ChildReply> {
    return this.#send({ op: "flush" });
  }

  /** Starts following `session` (until its `session.ended`); resolves once the tail has started. */
  tail(session: string, fromSeq = 1): Promise<ChildReply> {
    return this.#send({ op: "tail", session, fromSeq });
  }

  async exit(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.stdin!.write(`${JSON.stringify({ op: "exit" })}\n`);
    await this.exited;
  }
}
