import type { Writable } from "node:stream";
import type { StoredEvent } from "../../core/index.js";

const DIM = "\x1b[2m";
const BOLD = "\x1b[1m";
const RED = "\x1b[31m";
const GREEN = "\x1b[32m";
const CYAN = "\x1b[36m";
const RESET = "\x1b[0m";
const MAX_ARGUMENT_CHARS = 160;

function oneLine(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, " ");
  return flat.length > MAX_ARGUMENT_CHARS ? `${flat.slice(0, MAX_ARGUMENT_CHARS)}…` : flat;
}

function describeCall(name: string, args: unknown): string {
  if (args && typeof args === "object") {
    const record = args as Record<string, unknown>;
    if (name === "shell" && typeof record.command === "string") return `$ ${oneLine(record.command)}`;
    if (typeof record.path === "string") return `${name} ${record.path}`;
  }
  return `${name} ${oneLine(args)}`;
}

/**
 * Renders events for a person on stderr: assistant text as it streams, tool calls, command output (dimmed), and on
 * a terminal a status line saying what is running. The final answer goes to stdout separately.
 */
export class HumanRenderer {
  private status = "";
  private statusTimer: NodeJS.Timeout | undefined;
  private statusSince = 0;
  private midLine = false;
  /** 1-based number of the turn being shown (people count turns from 1; the journal's `turn` is 0-based). */
  private turnNumber: number | undefined;

  constructor(
    private readonly out: Writable,
    private readonly tty: boolean,
  ) {}

  private color(code: string, text: string): string {
    return this.tty ? `${code}${text}${RESET}` : text;
  }

  private write(text: string): void {
    this.clearStatus();
    this.out.write(text);
    if (text.length > 0) this.midLine = !text.endsWith("\n");
    this.drawStatus();
  }

  private line(text: string): void {
    this.write(`${this.midLine ? "\n" : ""}${text}\n`);
  }

  private setStatus(status: string): void {
    this.status = status;
    this.statusSince = Date.now();
    if (!this.tty) return;
    clearInterval(this.statusTimer);
    if (status) {
      this.statusTimer = setInterval(() => this.redrawStatus(), 250);
      this.statusTimer.unref();
    }
    this.redrawStatus();
  }

  private redrawStatus(): void {
    this.clearStatus();
    this.drawStatus();
  }

  private clearStatus(): void {
    if (this.tty && !this.midLine) this.out.write("\r\x1b[2K");
  }

  private drawStatus(): void {
    if (!this.tty || !this.status || this.midLine) return;
    const seconds = ((Date.now() - this.statusSince) / 1000).toFixed(1);
    this.out.write(this.color(DIM, `● ${this.status} (${seconds}s) — Ctrl-C to cancel`));
  }

  private turnLabel(): string {
    return this.turnNumber === undefined ? "turn" : `turn ${this.turnNumber}`;
  }

  /** Renders one event. */
  render(stored: StoredEvent): void {
    const { event } = stored;
    switch (event.type) {
      case "session.started":
        this.line(
          this.color(
            DIM,
            `session ${stored.sessionId} in ${event.cwd} · model ${event.settings.model} · sandbox ${event.settings.sandbox}`,
          ),
        );
        return;
      case "settings.changed":
        this.line(
          this.color(
            DIM,
            `settings changed (${event.changed.join(", ")}) · model ${event.settings.model} · sandbox ${event.settings.sandbox} · approval ${event.settings.approval}`,
          ),
        );
        return;
      case "definition.changed":
        this.line(
          this.color(
            DIM,
            `definition changed (${event.changed.join(", ")}) · agent ${event.definition.name}`,
          ),
        );
        return;
      case "agent.handoff":
        this.line(
          this.color(BOLD, `${event.from} → ${event.to}${event.reason ? ` · ${oneLine(event.reason)}` : ""}`),
        );
        return;
      case "turn.started":
        this.turnNumber = event.turn + 1;
        this.line(this.color(BOLD, `▶ turn ${this.turnNumber}: ${oneLine(event.input)}`));
        this.setStatus("thinking");
        return;
      case "message.delta":
        this.write(event.delta);
        return;
      case "step.completed":
        if (this.midLine) this.write("\n");
        return;
      case "tool.call":
        this.line(this.color(CYAN, `→ ${describeCall(event.name, event.arguments)}`));
        this.setStatus(`running ${event.name}`);
        return;
      case "exec.output":
        this.write(this.color(DIM, event.chunk));
        return;
      case "tool.result":
        if (!event.ok)
          this.line(this.color(RED, `✗ ${event.name}: ${oneLine(event.output.split("\n")[0] ?? "")}`));
        this.setStatus("thinking");
        return;
      case "exec.end":
        if (event.sandboxDenied) this.line(this.color(RED, `sandbox: ${event.sandboxDenied}`));
        return;
      case "patch.applied":
        for (const file of event.files) {
          this.line(
            this.color(GREEN, `  ${file.kind} ${file.path} (+${file.linesAdded} -${file.linesRemoved})`),
          );
        }
        return;
      case "plan.updated":
        for (const item of event.plan) {
          const mark = item.status === "completed" ? "✔" : item.status === "in_progress" ? "▸" : "·";
          this.line(`  ${mark} ${item.step}`);
        }
        return;
      case "progress.reported":
        if (event.message) this.line(this.color(DIM, `  … ${event.message}`));
        return;
      case "approval.requested":
        this.setStatus("");
        return;
      case "error":
        this.line(this.color(RED, `${event.willRetry ? "retrying: " : "error: "}${event.error.message}`));
        return;
      case "context.compacted":
        this.line(this.color(DIM, `(context compacted from ~${event.tokensBefore} tokens)`));
        return;
      case "turn.completed": {
        const { inputTokens, outputTokens } = event.usage;
        this.setStatus("");
        this.line(
          this.color(DIM, `✔ ${this.turnLabel()} completed · tokens in ${inputTokens} out ${outputTokens}`),
        );
        return;
      }
      case "turn.failed":
        this.setStatus("");
        this.line(
          this.color(RED, `✗ ${this.turnLabel()} failed: ${event.error.message} [${event.error.code}]`),
        );
        return;
      case "turn.interrupted":
        this.setStatus("");
        this.line(this.color(RED, `■ ${this.turnLabel()} interrupted: ${event.reason}`));
        return;
      default:
        return;
    }
  }

  /** Stops the status line. */
  close(): void {
    this.setStatus("");
    clearInterval(this.statusTimer);
    this.clearStatus();
  }
}
