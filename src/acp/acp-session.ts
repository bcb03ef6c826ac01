import { AbortedError, type SandboxMode } from "../core/index.js";
import { contextWindowFor } from "../model/index.js";
import type { AgentRun, ApprovalHandler, RunResult } from "../orchestrator/index.js";
import { defineAgent, type Runtime } from "../runtime/index.js";
import type { PromptResponse, SessionUpdate } from "./acp-types.js";
import type { ClientChannel } from "./client-channel.js";
import { AcpRequestError } from "./errors/index.js";
import { EventUpdates } from "./event-updates.js";
import { approvalAnswerOf, permissionRequestOf } from "./permission.js";
import type { AcpSessionSetup } from "./session-setup.js";
import { stopReasonOf } from "./stop-reason.js";

/** Where an open session stands with the journal. */
export interface AcpSessionState {
  id: string;
  cwd: string;
  sandbox: SandboxMode;
  /** True once the journal has it: a loaded session, or a new one after its first prompt started. */
  journaled: boolean;
}

/**
 * One ACP session open in this agent: an id the editor holds, bound to one of our journaled sessions. The first
 * prompt starts our session under that id (`session/new` journals nothing: a session the user never prompted
 * leaves no trace); each later prompt resumes it with the message, so every turn is journaled and resumable by
 * `art resume` too.
 */
export class AcpSession {
  private run: AgentRun | undefined;
  /** Set by `session/set_mode` after the session is journaled: applied (and journaled) at the next prompt. */
  private sandboxChanged = false;
  /** The call each approval is about, from `approval.requested` as the events go by. */
  private readonly approvalCalls = new Map<string, string>();
  private readonly approvalWaiters = new Map<string, (callId: string) => void>();

  constructor(
    private readonly state: AcpSessionState,
    private readonly setup: AcpSessionSetup,
    private readonly runtime: Runtime,
    private readonly client: ClientChannel,
  ) {}

  get id(): string {
    return this.state.id;
  }

  get sandbox(): SandboxMode {
    return this.state.sandbox;
  }

  /** Switches the sandbox mode for the next turns; a running turn keeps the mode it started with. */
  setSandbox(mode: SandboxMode): void {
    if (mode === this.state.sandbox) return;
    this.state.sandbox = mode;
    if (this.state.journaled) this.sandboxChanged = true;
  }

  /** Runs one turn on `text`, streaming its events as updates; resolves with the stop reason once all are sent. */
  async prompt(text: string): Promise<PromptResponse> {
    if (this.run)
      throw new AcpRequestError(
        `Session ${this.id} is already running a prompt.`,
        "Wait for its response, or send session/cancel first.",
      );
    if (!text) throw new AcpRequestError("The prompt has no text.", "Send at least one text content block.");
    const agent = defineAgent({
      ...this.setup.agent,
      sandbox: this.state.sandbox,
      ...(this.setup.tools.length
        ? {
            tools: {
              ...this.setup.agent.tools,
              extra: [...(this.setup.agent.tools?.extra ?? []), ...this.setup.tools],
            },
          }
        : {}),
    });
    const onApproval: ApprovalHandler = (request, signal) => this.ask(request, signal);
    const editorFiles = this.client.editorFiles(this.id);
    const editor = editorFiles ? { editorFiles } : {};
    const run = this.state.journaled
      ? this.runtime.resume(this.id, {
          agent,
          // The editor may pass other MCP servers than the session started with: their tools apply from now on,
          // journaled as definition.changed.
          adoptDefinition: true,
          message: text,
          onApproval,
          ...editor,
          ...(this.sandboxChanged ? { settings: { sandbox: this.state.sandbox } } : {}),
        })
      : this.runtime.run(agent, text, { cwd: this.state.cwd, sessionId: this.id, onApproval, ...editor });
    this.run = run;
    try {
      const sent = this.stream(run, typeof agent.model === "string" ? agent.model : "");
      let result: RunResult;
      try {
        result = await run.result;
      } finally {
        await sent;
      }
      this.state.journaled = true;
      this.sandboxChanged = false;
      const stopReason = stopReasonOf(result);
      if (stopReason) return { stopReason };
      throw new AcpRequestError(
        `The turn failed: ${result.error?.message ?? "unknown error"}`,
        `The session stays open; prompt again to continue it${result.error?.code ? ` [${result.error.code}]` : ""}.`,
      );
    } catch (error) {
      // A run that never started (a bad model, a busy session) journaled nothing new; a started one did.
      if ((await this.runtime.session(this.id)) !== undefined) this.state.journaled = true;
      throw error;
    } finally {
      this.run = undefined;
    }
  }

  /** Cancels the running turn, if any: the model call stops and its commands are killed; it is journaled. */
  cancel(): void {
    this.run?.abort("cancelled by the editor (session/cancel)");
  }

  /** Cancels the turn and waits for it to end, then stops the session's MCP servers. */
  async close(): Promise<void> {
    const run = this.run;
    this.cancel();
    await run?.result.catch(() => undefined);
    await this.setup.close();
  }

  /**
   * Sends the run's events as updates, in order. Each event is translated the moment it arrives (an edit's
   * "before" text is read then, before the call runs) while the notifications are written one after another.
   */
  private async stream(run: AgentRun, model: string): Promise<void> {
    const updates = new EventUpdates({
      cwd: this.state.cwd,
      mode: "live",
      contextWindow: contextWindowFor(model),
    });
    let chain = Promise.resolve();
    const send = (update: SessionUpdate) => {
      chain = chain.then(() => this.client.update({ sessionId: this.id, update })).catch(() => undefined);
    };
    for await (const stored of run.events()) {
      if (stored.event.type === "approval.requested")
        this.noteApproval(stored.event.approvalId, stored.event.callId);
      for (const update of updates.updatesOf(stored)) send(update);
    }
    await chain;
  }

  private noteApproval(approvalId: string, callId: string): void {
    this.approvalCalls.set(approvalId, callId);
    this.approvalWaiters.get(approvalId)?.(callId);
    this.approvalWaiters.delete(approvalId);
  }

  /** The call an approval is about: journaled (and so on its way to {@link stream}) before anyone is asked. */
  private callIdOf(approvalId: string, signal: AbortSignal): Promise<string> {
    const known = this.approvalCalls.get(approvalId);
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.approvalWaiters.delete(approvalId);
        reject(new AbortedError());
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.approvalWaiters.set(approvalId, (callId) => {
        signal.removeEventListener("abort", onAbort);
        resolve(callId);
      });
    });
  }

  /** Our approval, asked as `session/request_permission`; a cancelled turn cancels the question. */
  private async ask(
    request: Parameters<ApprovalHandler>[0],
    signal: AbortSignal,
  ): ReturnType<ApprovalHandler> {
    const callId = await this.callIdOf(request.approvalId, signal);
    const asked = this.client.requestPermission(permissionRequestOf(request, callId), signal);
    asked.catch(() => undefined);
    // A cancelled turn does not wait for the editor to acknowledge the withdrawn question.
    let onAbort: () => void = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(new AbortedError());
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      return approvalAnswerOf(await Promise.race([asked, aborted]));
    } finally {
      signal.removeEventListener("abort", onAbort);
    }
  }
}
