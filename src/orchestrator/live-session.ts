import type { AgentEvent, StoredEvent } from "../core/index.js";
import type { Journal, JournalWriter } from "../store/index.js";
import { EventHub } from "../streaming/index.js";
import { applyEvent, type SessionState } from "./session-state.js";
import { TestKillSwitch } from "./test-kill-switch.js";
import { withTurnId } from "./with-turn-id.js";

/**
 * A session being run by this process: every change goes through `append`, which journals the events (through the
 * writer that holds the session's lease), folds them into the state and hands them to subscribers, in that order and
 * synchronously, so the three never disagree. What is folded and published is what the journal stored.
 */
export class LiveSession {
  readonly hub: EventHub;
  private readonly observers = new Set<(event: AgentEvent) => void>();
  private readonly killSwitch = new TestKillSwitch();

  constructor(
    readonly state: SessionState,
    readonly journal: Journal,
    readonly writer: JournalWriter,
  ) {
    this.hub = new EventHub(state.sessionId, {
      read: (sessionId, fromSeq) => journal.read(sessionId, fromSeq),
      lastSeq: () => writer.lastSeq(),
    });
  }

  get id(): string {
    return this.state.sessionId;
  }

  /** Journals, folds and publishes events. Events of a tool call get the call's `turnId` when they lack one. */
  append(...events: AgentEvent[]): StoredEvent[] {
    const stored = this.writer.append(events.map((event) => withTurnId(this.state, event)));
    this.killSwitch.appended(events);
    for (const item of stored) {
      applyEvent(this.state, item.event);
      this.state.lastSeq = item.seq;
    }
    this.hub.publish(stored);
    for (const observer of this.observers) for (const item of stored) observer(item.event);
    return stored;
  }

  /** Calls `observer` with every event appended from now on (audit, metrics); returns a function that stops it. */
  observe(observer: (event: AgentEvent) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Makes everything appended so far durable (tool results, turn boundaries). */
  async flush(): Promise<void> {
    await this.writer.flush();
    this.killSwitch.flushed();
  }
}
