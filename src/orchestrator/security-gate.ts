import path from "node:path";
import { ArtError, describeError, newId } from "../core/index.js";
import type { AuditLog, PolicyCall, PolicyDecision, SecurityPolicy } from "../security/index.js";
import { AuditWriteError, saveProjectRule } from "../security/index.js";
import type { ApprovalAnswer, ApprovalHandler, ApprovalRequest } from "./approval.js";
import { grantedRepeats, grantedRules, grantsFor } from "./session-grants.js";
import type { CallDescription, GateRequest, GateVerdict, ToolGate } from "./tool-gate.js";

/** Turns a tool call into what the policy judges, and a one-line summary for approvers and the audit log. */
export type CallDescriber = (request: GateRequest) => CallDescription | Promise<CallDescription>;

/** What the gate needs. */
export interface SecurityGateOptions {
  policy: SecurityPolicy;
  audit: AuditLog | undefined;
  /**
   * Answers `ask`; without one, `ask` is denied and the model is told no one could approve — unless
   * `suspendOnApproval`, when the turn suspends until someone answers (see {@link GateVerdict}).
   */
  onApproval: ApprovalHandler | undefined;
  /** Without an `onApproval` handler: suspend the turn on `ask` instead of denying. */
  suspendOnApproval?: boolean;
  describe: CallDescriber;
  /**
   * Reports the first failure of the audit log (journal it). From then on no call runs: `check` throws the
   * failure, so the turn fails with it instead of going on unaudited.
   */
  onAuditError: (error: unknown) => void;
}

function strictest(decisions: PolicyDecision[]): PolicyDecision {
  const rank = { allow: 0, ask: 1, forbid: 2 } as const;
  return decisions.reduce((worst, next) => (rank[next.decision] > rank[worst.decision] ? next : worst));
}

/**
 * The security layer as the turn loop sees it: every call is judged by the exec policy (allow / ask / forbid, with
 * the rule that decided); `ask` becomes a durable approval (`approval.requested` is journaled and flushed before
 * anyone is asked, so a restart asks again); every step lands in the audit log, and a call runs only once its
 * records are written: when the audit log cannot be written, the session stops with the failure.
 */
export class SecurityGate implements ToolGate {
  private auditQueue: Promise<unknown> = Promise.resolve();
  private auditFailure: ArtError | undefined;

  constructor(private readonly options: SecurityGateOptions) {}

  /** Appends to the audit log in order; a failure stops every later call (see {@link SecurityGate.audited}). */
  audit(entry: Parameters<AuditLog["append"]>[0]): void {
    const log = this.options.audit;
    if (!log) return;
    this.enqueue(() => log.append(entry));
  }

  /** Records a file the agent wrote (with its hash). */
  fileWritten(callId: string, relativePath: string, absolutePath: string): void {
    const log = this.options.audit;
    if (!log) return;
    this.enqueue(() => log.fileWritten({ callId, path: relativePath, absolutePath }));
  }

  private enqueue(write: () => Promise<unknown>): void {
    this.auditQueue = this.auditQueue
      .then(() => (this.auditFailure ? undefined : write()))
      .catch((error: unknown) => {
        if (this.auditFailure) return;
        this.auditFailure = ArtError.isInstance(error) ? error : new AuditWriteError("(audit log)", error);
        this.options.onAuditError(this.auditFailure);
      });
  }

  /** Resolves once every audit record queued so far is written (or has failed; see {@link auditFailed}). */
  async drain(): Promise<void> {
    await this.auditQueue;
  }

  /** The first audit write that failed, if one did. */
  get auditFailed(): ArtError | undefined {
    return this.auditFailure;
  }

  /** Waits for every queued record; throws the audit failure, so nothing runs without its records. */
  private async audited(): Promise<void> {
    await this.auditQueue;
    if (this.auditFailure) throw this.auditFailure;
  }

  async check(request: GateRequest): Promise<GateVerdict> {
    // A record of an earlier call (its result, a file it wrote) that failed stops this one before it is judged.
    await this.audited();
    const answer = request.call.answer;
    const verdict = answer ? await this.applyAnswer(request, answer) : await this.judge(request);
    await this.audited();
    return verdict;
  }

  private async judge(request: GateRequest): Promise<GateVerdict> {
    const { call, session } = request;
    const { calls, summary, needsApproval, problem } = await this.options.describe(request);
    this.audit({ type: "tool.called", callId: call.callId, tool: call.name, summary });
    // What earlier answers granted for the session: only ever read from the journaled state, so a restarted
    // session judges exactly as the live one did.
    const grants = session.state.sessionGrants;
    const sessionRules = grantedRules(grants);
    const approvedCommands = grantedRepeats(grants, call.name);
    let decision: PolicyDecision;
    try {
      const decisions = await Promise.all(
        calls.map((policyCall) => this.options.policy.decide(policyCall, { sessionRules, approvedCommands })),
      );
      decision = strictest(decisions);
    } catch (error) {
      // A policy that cannot judge (e.g. the bash parser failed to load) refuses: fail closed.
      const info = describeError(error);
      decision = { decision: "forbid", reason: `the exec policy could not judge this call: ${info.message}` };
    }
    if (problem)
      decision = { decision: "forbid", reason: `the tool could not describe this call: ${problem}` };
    else if (needsApproval && decision.decision === "allow") decision = toolAsks(call.name, session);
    if (decision.decision === "ask" && approvedCommands.has(summary)) {
      decision = { decision: "allow", reason: "approved for this session", rule: "session:approved" };
    }
    this.audit({
      type: "policy.decided",
      callId: call.callId,
      decision: decision.decision,
      reason: decision.reason,
      ...(decision.rule ? { rule: decision.rule } : {}),
    });
    const unsandboxed = calls.some((item) => item.kind === "shell" && item.unsandboxed);
    if (decision.decision === "allow")
      return unsandboxed ? { kind: "run", unsandboxed: true } : { kind: "run" };
    if (decision.decision === "forbid") {
      return {
        kind: "refuse",
        output: `Not run: forbidden by policy: ${decision.reason}${ruleNote(decision)}.`,
      };
    }
    return this.askApproval(request, calls, decision, summary, unsandboxed);
  }

  async afterSandboxDenial(request: GateRequest, denial: string): Promise<GateVerdict> {
    const verdict = await this.judgeDenial(request, denial);
    await this.audited();
    return verdict;
  }

  private async judgeDenial(request: GateRequest, denial: string): Promise<GateVerdict> {
    const { session, call } = request;
    this.audit({ type: "sandbox.denied", callId: call.callId, detail: denial });
    if (session.state.settings.approval !== "on-failure") return { kind: "refuse", output: "" };
    const { calls, summary } = await this.options.describe(request);
    const shell = calls.filter((item) => item.kind === "shell");
    if (shell.length === 0) return { kind: "refuse", output: "" };
    const escalated = shell.map((item) => ({ ...item, unsandboxed: { afterSandboxDenial: true } }));
    const decisions = await Promise.all(escalated.map((item) => this.options.policy.decide(item)));
    const decision = strictest(decisions);
    if (decision.decision === "forbid") return { kind: "refuse", output: "" };
    if (decision.decision === "allow") return { kind: "run", unsandboxed: true };
    return this.askApproval(request, escalated, decision, summary, true);
  }

  private async askApproval(
    request: GateRequest,
    calls: PolicyCall[],
    decision: PolicyDecision,
    summary: string,
    unsandboxed: boolean,
  ): Promise<GateVerdict> {
    const { call, session, signal } = request;
    // A call still waiting from before a restart keeps its approval id: the journal already asked.
    const approvalId = call.approvalId ?? newId("apr_");
    const details: Record<string, unknown> = { cwd: session.state.cwd, unsandboxed };
    if (decision.parts)
      details.parts = decision.parts.map((part) => ({
        argv: part.argv,
        decision: part.decision,
        reason: part.reason,
      }));
    const question: ApprovalRequest = {
      sessionId: session.id,
      approvalId,
      tool: call.name,
      summary,
      reason: decision.reason,
      ...(decision.rule ? { rule: decision.rule } : {}),
      details,
    };
    if (!call.approvalId) {
      const { sessionId: _sessionId, ...asked } = question;
      const grants = grantsFor(this.options.policy, calls, decision, call.name, summary);
      session.append({
        type: "approval.requested",
        turnId: call.turnId,
        callId: call.callId,
        ...asked,
        grants,
      });
      await session.flush();
    }
    this.audit({
      type: "approval.requested",
      callId: call.callId,
      approvalId,
      reason: decision.reason,
      ...(decision.rule ? { rule: decision.rule } : {}),
    });
    // Nobody is asked about a call whose request could not be recorded.
    await this.audited();
    if (!this.options.onApproval && this.options.suspendOnApproval) return { kind: "suspend", approvalId };
    let answer: ApprovalAnswer = "deny";
    let by = "policy";
    if (this.options.onApproval) {
      answer = await this.options.onApproval(question, signal);
      by = "user";
    }
    session.append({ type: "approval.decided", approvalId, callId: call.callId, decision: answer, by });
    await session.flush();
    this.audit({ type: "approval.decided", callId: call.callId, approvalId, decision: answer, by });
    return this.verdictFor(answer, calls, decision, session.state.cwd, unsandboxed, by === "user");
  }

  /**
   * A call whose approval was answered while the session was suspended on it: judged as it was then (for the rule
   * an "always" saves), marked started — durably, before it runs, so a crash while it runs never runs it again —
   * and run or refused as the answer says.
   */
  private async applyAnswer(
    request: GateRequest,
    { approvalId, decision: answer }: { approvalId: string; decision: ApprovalAnswer },
  ): Promise<GateVerdict> {
    const { call, session } = request;
    const { calls, summary } = await this.options.describe(request);
    let decision: PolicyDecision;
    try {
      decision = strictest(
        await Promise.all(calls.map((policyCall) => this.options.policy.decide(policyCall))),
      );
    } catch (error) {
      decision = { decision: "ask", reason: describeError(error).message };
    }
    this.audit({ type: "tool.called", callId: call.callId, tool: call.name, summary });
    this.audit({
      type: "approval.decided",
      callId: call.callId,
      approvalId,
      decision: answer,
      by: "journal",
    });
    session.append({ type: "tool.started", turnId: call.turnId, callId: call.callId });
    await session.flush();
    const unsandboxed = calls.some((item) => item.kind === "shell" && item.unsandboxed);
    return this.verdictFor(answer, calls, decision, session.state.cwd, unsandboxed, true);
  }

  private verdictFor(
    answer: ApprovalAnswer,
    calls: PolicyCall[],
    decision: PolicyDecision,
    cwd: string,
    unsandboxed: boolean,
    /** False when the policy answered because no one could (`deny` then says so). */
    answered: boolean,
  ): GateVerdict {
    switch (answer) {
      case "approve-once":
      case "approve-session":
        return unsandboxed ? { kind: "run", unsandboxed: true } : { kind: "run" };
      case "approve-always":
        this.saveRules(calls, decision, cwd);
        return unsandboxed ? { kind: "run", unsandboxed: true } : { kind: "run" };
      case "abort":
        return { kind: "abort", reason: "the user aborted the turn at an approval prompt" };
      default:
        return {
          kind: "refuse",
          output: answered
            ? `Not run: the user denied it (${decision.reason}). Do it another way or ask the user what they want.`
            : `Not run: it needs approval (${decision.reason}) and no one is available to approve it (no terminal). Do it another way that needs no approval, or stop and say what you need.`,
        };
    }
  }

  /**
   * "Always" saves the rules to the project's rules file for later sessions (this session already has them as
   * grants: its rule files were journaled when it started).
   */
  private saveRules(calls: PolicyCall[], decision: PolicyDecision, cwd: string): void {
    for (const policyCall of calls) {
      for (const rule of this.options.policy.rulesForApproval(policyCall, decision, "art")) {
        saveProjectRule(path.resolve(cwd), rule);
      }
    }
  }
}

/** The decision for a call whose tool asks for approval (`needsApproval`) where the policy would allow it. */
function toolAsks(tool: string, session: GateRequest["session"]): PolicyDecision {
  const reason = `the tool ${tool} asks for approval of this call`;
  if (session.state.settings.approval === "never")
    return {
      decision: "forbid",
      reason: `${reason}, but the approval mode is "never": do it another way that needs none, or stop and tell the user what you need`,
      rule: "tool:needs-approval",
    };
  return { decision: "ask", reason, rule: "tool:needs-approval" };
}

function ruleNote(decision: PolicyDecision): string {
  return decision.rule ? ` (rule ${decision.rule})` : "";
}
