import { availableParallelism } from "node:os";
import { AbortedError, InvalidInputError } from "../core/index.js";

/**
 * Where a command waits for permission to start. One is shared by every session of a process, so a thousand
 * sessions never fork a thousand processes at once; an implementation across processes (a file lock pool, a
 * cgroup-aware scheduler) can replace {@link FairCommandSlots}.
 */
export interface CommandSlots {
  /** Resolves with the slot's release (idempotent) when `owner` may start a command; rejects if `signal` aborts. */
  acquire(owner: string, signal: AbortSignal): Promise<() => void>;
}

/** What {@link FairCommandSlots.stats} reports. */
export interface CommandSlotStats {
  limit: number;
  running: number;
  waiting: number;
  /** Sessions with at least one command waiting. */
  waitingOwners: number;
}

interface Waiter {
  grant: () => void;
}

/**
 * At most `limit` commands at once, handed out fairly: FIFO within one owner (a session), round-robin across
 * owners, so a session that queues ten commands cannot starve one that queues one.
 *
 * @example
 * ```ts
 * const slots = new FairCommandSlots(4);
 * const release = await slots.acquire(sessionId, signal);
 * try { await runIt(); } finally { release(); }
 * ```
 */
export class FairCommandSlots implements CommandSlots {
  private running = 0;
  /** Owners with waiters, in turn order: the first is served next, then goes to the back. */
  private readonly queues = new Map<string, Waiter[]>();

  constructor(readonly limit: number) {
    if (!(Number.isInteger(limit) && limit >= 1))
      throw new InvalidInputError(`The command cap must be a positive integer, got ${String(limit)}.`, {
        hint: "Set ART_MAX_COMMANDS to a whole number of commands, e.g. 8.",
      });
  }

  acquire(owner: string, signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) return Promise.reject(new AbortedError("The command was cancelled."));
    if (this.running < this.limit && this.queues.size === 0) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = () => {
        const list = this.queues.get(owner);
        const at = list?.indexOf(waiter) ?? -1;
        if (list && at >= 0) {
          list.splice(at, 1);
          if (list.length === 0) this.queues.delete(owner);
        }
        reject(new AbortedError("The command was cancelled."));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      const list = this.queues.get(owner);
      if (list) list.push(waiter);
      else this.queues.set(owner, [waiter]);
    });
  }

  stats(): CommandSlotStats {
    let waiting = 0;
    for (const list of this.queues.values()) waiting += list.length;
    return { limit: this.limit, running: this.running, waiting, waitingOwners: this.queues.size };
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      this.next();
    };
  }

  private next(): void {
    while (this.running < this.limit) {
      const turn = this.queues.entries().next();
      if (turn.done) return;
      const [owner, list] = turn.value;
      const waiter = list.shift()!;
      // To the back of the rotation (or out of it): the next slot goes to another session first.
      this.queues.delete(owner);
      if (list.length > 0) this.queues.set(owner, list);
      this.running++;
      waiter.grant();
    }
  }
}

let processSlots: FairCommandSlots | undefined;
let configuredCap: number | undefined;

/**
 * The process's shared command slots: `ART_MAX_COMMANDS` of the environment when set, else the cap given to
 * {@link configureCommandCap} (config.toml's `limits.max_commands`), else twice the cores
 * (`os.availableParallelism()`); fixed at first use.
 */
export function processCommandSlots(env: NodeJS.ProcessEnv = process.env): FairCommandSlots {
  if (!processSlots) processSlots = new FairCommandSlots(commandCapFrom(env, configuredCap));
  return processSlots;
}

/** Sets the process's cap before its first command (a later call changes nothing: slots may be held). */
export function configureCommandCap(cap: number | undefined): void {
  if (!processSlots) configuredCap = cap;
}

/** The command cap `env` asks for (`ART_MAX_COMMANDS`), else `configured`, else twice the cores. */
export function commandCapFrom(env: NodeJS.ProcessEnv, configured?: number): number {
  const raw = env.ART_MAX_COMMANDS?.trim();
  if (!raw) return configured ?? 2 * availableParallelism();
  const cap = Number(raw);
  if (!(Number.isInteger(cap) && cap >= 1))
    throw new InvalidInputError(`ART_MAX_COMMANDS must be a positive whole number, got "${raw}".`, {
      hint: "Unset it for the default (twice the cores), or set e.g. ART_MAX_COMMANDS=8.",
    });
  return cap;
}
