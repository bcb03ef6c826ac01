import type { PolicyDescription, Tool } from "../tools/index.js";
import type { LiveSession } from "./live-session.js";
import type { PendingCall } from "./session-state.js";

/** What the gate decided for one call. */
export type GateVerdict =
  | { kind: "run"; unsandboxed?: boolean }
  /** Not run: `output` tells the model why (denied, forbidden by a rule). */
  | { kind: "refuse"; output: string }
  /** The user chose to abort the whole turn. */
  | { kind: "abort"; reason: string }
  /**
   * Not run yet: the call waits for the answer to `approvalId` (journaled); the turn suspends, releasing everything
   * it holds, and the call is judged again when the session continues with an answer.
   */
  | { kind: "suspend"; approvalId: string };

/** The call as the gate sees it. */
export interface GateRequest {
  call: PendingCall;
  tool: Tool<unknown>;
  /** Validated arguments. */
  args: unknown;
  session: LiveSession;
  signal: AbortSignal;
}

/** What the gate judges about a call (see `describeCall`). */
export interface CallDescription extends PolicyDescription {
  /** The tool's `needsApproval` said yes: the call asks even where the policy allows it. */
  needsApproval: boolean;
  /** Set when the tool could not describe the call (its `describeForPolicy` or `needsApproval` threw): refused. */
  problem?: string;
}

/**
 * Decides whether a tool call runs. The security layer implements this with rules, approvals (journaled as
 * `approval.requested` / `approval.decided`) and the audit log (`SecurityGate`); every session has one.
 */
export interface ToolGate {
  check(request: GateRequest): Promise<GateVerdict>;
  /** Called after a call ran (for audit); optional. */
  ran?(request: GateRequest, result: { ok: boolean; output: string }): void;
  /**
   * Called when the sandbox blocked a call that ran sandboxed. A `run` verdict runs it again without the sandbox
   * (approval mode `on-failure`); anything else keeps the sandboxed result.
   */
  afterSandboxDenial?(request: GateRequest, denial: string): Promise<GateVerdict>;
}
