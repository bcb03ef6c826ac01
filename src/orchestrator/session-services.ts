import path from "node:path";
import { describeError } from "../core/index.js";
import { configuredSessionLimits, ProcessCommandRunner, SessionCgroup } from "../exec/index.js";
import type { ModelClient } from "../model/index.js";
import {
  type CommandRunner,
  type EditorFiles,
  filePolicyFrom,
  type Tool,
  withEditorFiles,
  withFilePolicy,
  writeFileTool,
} from "../tools/index.js";
import type { ApprovalHandler } from "./approval.js";
import { checkpointHooks } from "./checkpoint-hooks.js";
import type { ContextProvider } from "./context-provider.js";
import { describeCall } from "./describe-call.js";
import type { LiveSession } from "./live-session.js";
import { memoryServices } from "./memory-services.js";
import type { TurnHooks } from "./run-turn.js";
import { SecurityGate } from "./security-gate.js";
import type { ToolGate } from "./tool-gate.js";

export type { ApprovalAnswer, ApprovalHandler, ApprovalRequest } from "./approval.js";

/** What one run of a session is built from besides its journal: what the process has and what the caller gives. */
export interface ServicesOptions {
  /** Where data lives (audit log, checkpoints, the user's rule layer). */
  artHome: string;
  /** The runtime's environment: keys, the child environment's source. */
  env: NodeJS.ProcessEnv;
  /** The tools' implementations, matching the session's journaled declarations. */
  tools: readonly Tool<unknown>[];
  /** Answers approval requests; without one, `ask` is denied and the model is told (or, see below, suspends). */
  onApproval?: ApprovalHandler | undefined;
  /** Without `onApproval`: suspend the turn on `ask` (the run ends `awaiting-approval`) instead of denying. */
  suspendOnApproval?: boolean;
  /** The editor's files, when an editor drives the run (see `ToolContext.editor`). */
  editor?: EditorFiles;
  /** What sessions from before event schema 2 did not journal, from the resuming definition. */
  legacy?: {
    ruleFiles?: readonly string[];
    childEnv?: { allow?: readonly string[]; set?: Readonly<Record<string, string>> };
    checkpoints?: boolean;
  };
}

/** The capabilities one run of a session uses. */
export interface SessionServices {
  model: ModelClient;
  tools: Tool<unknown>[];
  gate: ToolGate;
  commands: CommandRunner;
  hooks: TurnHooks;
  /** Per-step context contributors (the long-term memories, when enabled). */
  contextProviders: ContextProvider[];
  /**
   * The settings these services were built under, model aside ({@link permissionsKey}): a handoff to an agent with
   * the same key keeps them and swaps model and tools only.
   */
  permissions: string;
  /** Tools wrapped as `tools` are (file policy, memory access), for an agent the session is handed to. */
  wrap(tools: readonly Tool<unknown>[]): Tool<unknown>[];
  dispose(): Promise<void>;
}

/** The session settings services are built from, besides the model, as one comparable string. */
export function permissionsKey(settings: LiveSession["state"]["settings"]): string {
  const { model: _model, baseUrl: _baseUrl, ...rest } = settings;
  return JSON.stringify(rest);
}

/** Journals what the audit log must know about from the event stream: files written, sandbox denials. */
function auditObserver(
  session: LiveSession,
  gate: SecurityGate,
  builtinWriteFile: boolean,
): (event: Parameters<Parameters<LiveSession["observe"]>[0]>[0]) => void {
  const cwd = session.state.cwd;
  const writes = new Map<string, string>();
  return (event) => {
    // Only the built-in write_file is known to write its `path`; a tool replacing it by name is not taken at its word.
    if (event.type === "tool.call" && builtinWriteFile && event.name === "write_file") {
      const target = (event.arguments as { path?: unknown } | undefined)?.path;
      if (typeof target === "string") writes.set(event.callId, target);
    } else if (event.type === "tool.result" && event.ok && writes.has(event.callId)) {
      const target = writes.get(event.callId)!;
      gate.fileWritten(event.callId, target, path.resolve(cwd, target));
    } else if (event.type === "patch.applied") {
      for (const file of event.files) {
        if (file.kind !== "deleted") gate.fileWritten(event.callId, file.path, path.resolve(cwd, file.path));
      }
    }
  };
}

/** The exec policy of a session: its journaled rule files' text, or (before event schema 2) the files on disk. */
async function loadPolicy(
  security: typeof import("../security/index.js"),
  session: LiveSession,
  options: ServicesOptions,
) {
  const { cwd, settings } = session.state;
  const base = { cwd, artHome: options.artHome, approval: settings.approval, env: options.env };
  if (!settings.rules) {
    const ruleFiles = options.legacy?.ruleFiles;
    return security.SecurityPolicy.load({ ...base, ...(ruleFiles ? { ruleFiles: [...ruleFiles] } : {}) });
  }
  const { rulesFromSnapshots } = await import("./rule-snapshot.js");
  const { rules } = rulesFromSnapshots(settings.rules);
  return security.SecurityPolicy.load({ ...base, userRules: false, projectRules: false, rules });
}

/**
 * Builds the tools, sandboxed command runner, security gate and checkpoint hooks for a run of a session, from the
 * session's journaled settings and definition (`options.legacy` fills in only what sessions before event schema 2
 * did not journal).
 */
export async function buildSessionServices(
  session: LiveSession,
  model: ModelClient,
  options: ServicesOptions,
): Promise<SessionServices> {
  const { cwd, settings, definition } = session.state;
  const { env, artHome } = options;
  const [security, sandbox, memory] = await Promise.all([
    import("../security/index.js"),
    import("../sandbox/index.js"),
    memoryServices(session, artHome, env),
  ]);
  const redactor = security.Redactor.fromEnv(env);
  const [policy, audit] = await Promise.all([
    loadPolicy(security, session, options),
    security.AuditLog.open({ artHome, sessionId: session.id, redactor, cwd }),
  ]);
  // Private (0700) and outside $ART_HOME, which the sandbox hides from commands.
  const tmpDir = sandbox.createSandboxTmpDir();
  // Limits all the session's commands share ([limits.session]); a machine that cannot apply them fails the run
  // here, journaled and resumable, rather than running commands without them. Unsandboxed (full-access or
  // approved-unsandboxed) commands do not go through the launcher and are not limited.
  const limits = configuredSessionLimits();
  let group: SessionCgroup | undefined;
  try {
    if (limits && settings.sandbox !== "full-access") group = SessionCgroup.create(session.id, limits);
  } catch (error) {
    sandbox.removeSandboxTmpDir(tmpDir);
    throw error;
  }
  const sandboxPolicy = sandbox.buildSandboxPolicy({
    ...(group ? { cgroupProcs: group.procs } : {}),
    mode: settings.sandbox,
    network: settings.network,
    workspace: cwd,
    writableRoots: settings.writableRoots,
    artHome,
    tmpDir,
    ...(definition?.sandboxReads.deny.length ? { denyRead: definition.sandboxReads.deny } : {}),
    ...(definition?.sandboxReads.allow.length ? { allowRead: definition.sandboxReads.allow } : {}),
  });
  // Fail at the start of the run, not per command: a session whose every command would be refused must not end
  // "completed" (the turn fails with sandbox.unavailable, journaled, resumable once the machine is fixed).
  try {
    if (sandboxPolicy.mode !== "full-access") sandbox.sandboxLaunchPlan(sandboxPolicy, env);
  } catch (error) {
    sandbox.removeSandboxTmpDir(tmpDir);
    group?.remove();
    throw error;
  }
  // A command the kernel killed for the session's memory limit says so, instead of a bare "killed".
  let oomKills = group?.oomKills() ?? 0;
  const oomNote = (): string | undefined => {
    const now = group?.oomKills() ?? 0;
    if (now <= oomKills) return undefined;
    oomKills = now;
    return `killed by the kernel: the session's commands reached their memory limit of ${limits?.memoryMb} MiB ([limits.session] memory_mb in config.toml)`;
  };
  const childEnvSettings = settings.childEnv ?? options.legacy?.childEnv;
  const childEnv = security.buildChildEnv(env, {
    ...(childEnvSettings?.allow ? { allow: [...childEnvSettings.allow] } : {}),
    set: { ...childEnvSettings?.set, TMPDIR: tmpDir },
  });
  const commands = new ProcessCommandRunner({
    emit: (event) => session.append(event),
    env: childEnv,
    redactStream: () => redactor.stream(),
    loginShell: definition?.loginShell === true,
    // Commands of all sessions share the process's slots, taken round-robin by session.
    slotOwner: session.id,
    // Fails closed: when this machine cannot apply the policy, the command is refused with the missing layer named.
    prepare: (argv, spawn) => {
      // Unsandboxed still means supervised: the launcher's supervise-only mode makes the command die with us.
      if (spawn.unsandboxed) {
        const { supervised: _, ...unsandboxed } = sandbox.prepareSupervisedSpawn(argv, spawn);
        return { ...unsandboxed, sandbox: "none (approved)" };
      }
      return { ...sandbox.prepareSandboxedSpawn(argv, sandboxPolicy, spawn), sandbox: settings.sandbox };
    },
    explainDenial: (result) => oomNote() ?? sandbox.explainSandboxDenial(result, sandboxPolicy),
  });
  const gate = new SecurityGate({
    policy,
    audit,
    onApproval: options.onApproval,
    ...(options.suspendOnApproval ? { suspendOnApproval: true } : {}),
    describe: describeCall,
    onAuditError: (error) => session.append({ type: "error", error: describeError(error), willRetry: false }),
  });
  // Only the built-in write_file is known to write the file its `path` names (a replacement may not).
  const builtinWriteFile = options.tools.find((tool) => tool.name === "write_file") === writeFileTool;
  const stopAudit = session.observe(auditObserver(session, gate, builtinWriteFile));
  const checkpointsOn = settings.checkpoints ?? options.legacy?.checkpoints !== false;
  const checkpoints = checkpointsOn ? await checkpointHooks(session, artHome) : undefined;
  // File tools apply the same read and write policy as the sandbox around commands.
  const files = filePolicyFrom(sandboxPolicy, env.HOME || undefined);
  const wrap = (tools: readonly Tool<unknown>[]) =>
    tools.map((tool) => {
      const wrapped = memory.wrap(withFilePolicy(tool, files));
      return options.editor ? withEditorFiles(wrapped, options.editor) : wrapped;
    });
  return {
    model,
    tools: wrap(options.tools),
    permissions: permissionsKey(settings),
    wrap,
    gate,
    commands,
    hooks: checkpoints?.hooks ?? {},
    contextProviders: memory.providers,
    async dispose() {
      stopAudit();
      memory.dispose();
      await checkpoints?.dispose();
      await gate.drain();
      sandbox.removeSandboxTmpDir(tmpDir);
      group?.remove();
    },
  };
}
