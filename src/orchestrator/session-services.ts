import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { ProcessCommandRunner } from "../exec/index.js";
import type { ModelClient } from "../model/model-client.js";
import { coreTools } from "../tools/builtin/index.js";
import type { CommandRunner, Tool } from "../tools/tool.js";
import type { AgentOptions } from "./agent.js";
import type { LiveSession } from "./live-session.js";
import type { TurnHooks } from "./run-turn.js";
import { allowAllGate, type ToolGate } from "./tool-gate.js";

/** What an approver is asked. */
export interface ApprovalRequest {
  sessionId: string;
  approvalId: string;
  tool: string;
  /** The command or change, in one line. */
  summary: string;
  reason: string;
  rule?: string;
  details: Record<string, unknown>;
}

/** An approver's answer. */
export type ApprovalAnswer = "approve-once" | "approve-session" | "approve-always" | "deny" | "abort";

/** Answers approval requests (a TTY prompt, a web UI, a policy service). */
export type ApprovalHandler = (request: ApprovalRequest, signal: AbortSignal) => Promise<ApprovalAnswer>;

/** The capabilities one run of a session uses. */
export interface SessionServices {
  model: ModelClient;
  tools: Tool<unknown>[];
  gate: ToolGate;
  commands: CommandRunner;
  hooks: TurnHooks;
  dispose(): Promise<void>;
}

async function resolveModel(session: LiveSession, options: AgentOptions): Promise<ModelClient> {
  const { settings } = session.state;
  if (typeof options.model === "object" && options.model.spec === settings.model) return options.model;
  const { createModelClient } = await import("../model/index.js");
  const env = options.env ?? process.env;
  const retries = env.ART_MODEL_MAX_RETRIES ? Number(env.ART_MODEL_MAX_RETRIES) : undefined;
  return createModelClient(settings.model, {
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(retries !== undefined ? { maxRetries: retries } : {}),
    env,
  });
}

/** Builds the model, tools, sandboxed command runner, security gate and checkpoint hooks for a session. */
export async function buildSessionServices(
  session: LiveSession,
  options: AgentOptions,
  artHome: string,
): Promise<SessionServices> {
  const model = await resolveModel(session, options);
  const tmpDir = path.join(artHome, "tmp", session.id);
  mkdirSync(tmpDir, { recursive: true });
  const commands = new ProcessCommandRunner({
    emit: (event) => session.append(event),
    env: { ...(options.env ?? process.env), TMPDIR: tmpDir },
  });
  const byName = new Map<string, Tool<unknown>>();
  for (const tool of [...coreTools(), ...(options.tools ?? [])]) byName.set(tool.name, tool);
  return {
    model,
    tools: [...byName.values()],
    gate: options.gate ?? allowAllGate,
    commands,
    hooks: {},
    async dispose() {
      rmSync(tmpDir, { recursive: true, force: true });
    },
  };
}
