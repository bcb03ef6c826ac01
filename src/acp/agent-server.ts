import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { newId } from "../core/index.js";
import type { Runtime } from "../runtime/index.js";
import { AcpSession } from "./acp-session.js";
import type { ClientCapabilities, InitializeResponse, McpServer, SessionInfo } from "./acp-types.js";
import type { ClientChannel } from "./client-channel.js";
import { AcpRequestError, AcpSessionNotFoundError } from "./errors/index.js";
import { mcpServersFromAcp } from "./mcp-servers.js";
import { modeStateOf, sandboxModeOf } from "./modes.js";
import { promptText } from "./prompt-text.js";
import { replaySession } from "./replay.js";
import type { SetupSession } from "./session-setup.js";
import { toProtocolError } from "./to-protocol-error.js";

/** What {@link serveAcp} serves with. */
export interface ServeAcpOptions {
  /** The runtime sessions run in (journal, data directory). */
  runtime: Runtime;
  /** Sets a session up in a workspace with the editor's MCP servers. */
  setup: SetupSession;
  /** Where the editor's messages come from (the process's stdin). */
  input: NodeJS.ReadableStream;
  /** Where protocol messages go (the process's stdout): nothing else may be written there. */
  output: NodeJS.WritableStream;
  /** Diagnostics, one line each (stderr). */
  log(line: string): void;
  /** Our version, for `agentInfo`. */
  version: string;
  /** Ends the connection as if the editor had closed it (a signal to the process): turns are cancelled. */
  signal?: AbortSignal;
}

function checkedCwd(cwd: string): string {
  if (!path.isAbsolute(cwd))
    throw new AcpRequestError(
      `cwd must be an absolute path; got "${cwd}".`,
      "Send the workspace's absolute path.",
    );
  if (!existsSync(cwd) || !statSync(cwd).isDirectory())
    throw new AcpRequestError(`cwd "${cwd}" is not a directory.`, "Send an existing workspace directory.");
  return cwd;
}

/**
 * Serves the Agent Client Protocol over a pair of streams until the editor closes them: `art acp`. Sessions are our
 * journaled sessions; turns stream as `session/update`s; approvals are asked with `session/request_permission`.
 * Resolves once the connection has closed and every session has stopped.
 *
 * @example
 * ```ts
 * const runtime = await Runtime.open();
 * await serveAcp({ runtime, setup, input: process.stdin, output: process.stdout, log: console.error, version });
 * ```
 */
export async function serveAcp(options: ServeAcpOptions): Promise<void> {
  // Loaded here, not at import: only `art acp` pays for the SDK.
  const acp = await import("@agentclientprotocol/sdk");
  const { runtime, setup, log } = options;
  const sessions = new Map<string, AcpSession>();
  const { methods } = acp;

  // Every handler's failure becomes a JSON-RPC error with our message, and a line on stderr; never a crash.
  const guard =
    <P, R>(name: string, handler: (params: P) => Promise<R>) =>
    async ({ params }: { params: P }): Promise<R> => {
      try {
        return await handler(params);
      } catch (error) {
        const problem = toProtocolError(error);
        log(`art acp: ${name}: ${problem.message}`);
        throw new acp.RequestError(problem.code, problem.message, problem.data);
      }
    };
  const opened = (sessionId: string): AcpSession => {
    const session = sessions.get(sessionId);
    if (!session) throw new AcpSessionNotFoundError(sessionId, true);
    return session;
  };
  let channel: ClientChannel | undefined;
  /** What the editor said it offers in `initialize` (fs/*, terminal). */
  let offered: ClientCapabilities = {};
  const client = (): ClientChannel => {
    if (!channel) throw new Error("no connection");
    return channel;
  };

  /** Opens a journaled session: load (with replay) or resume (without). */
  const openJournaled = async (
    sessionId: string,
    mcpServers: readonly McpServer[],
    replay: boolean,
  ): Promise<AcpSession> => {
    if (!(await runtime.session(sessionId))) throw new AcpSessionNotFoundError(sessionId, false);
    const servers = mcpServersFromAcp(mcpServers);
    await sessions.get(sessionId)?.close();
    sessions.delete(sessionId);
    const replayed = await replaySession(
      runtime,
      sessionId,
      replay ? (note) => client().update(note) : undefined,
    );
    const made = await setup(replayed.cwd, servers);
    const session = new AcpSession(
      { id: sessionId, cwd: replayed.cwd, sandbox: replayed.sandbox, journaled: true },
      made,
      runtime,
      client(),
    );
    sessions.set(sessionId, session);
    return session;
  };

  const app = acp
    .agent({ name: "art" })
    .onRequest(
      methods.agent.initialize,
      guard(
        "initialize",
        async (params: { clientCapabilities?: ClientCapabilities | null }): Promise<InitializeResponse> => {
          offered = params.clientCapabilities ?? {};
          return {
            protocolVersion: acp.PROTOCOL_VERSION,
            agentCapabilities: {
              loadSession: true,
              promptCapabilities: { image: false, audio: false, embeddedContext: true },
              mcpCapabilities: { http: true, sse: false },
              sessionCapabilities: { list: {}, resume: {}, close: {} },
            },
            agentInfo: { name: "art", title: "Agent Runtime", version: options.version },
            authMethods: [],
          };
        },
      ),
    )
    .onRequest(
      methods.agent.session.new,
      guard("session/new", async (params) => {
        const cwd = checkedCwd(params.cwd);
        const made = await setup(cwd, mcpServersFromAcp(params.mcpServers));
        const sandbox = made.agent.sandbox ?? "workspace-write";
        const session = new AcpSession(
          { id: newId("ses_"), cwd, sandbox, journaled: false },
          made,
          runtime,
          client(),
        );
        sessions.set(session.id, session);
        return { sessionId: session.id, modes: modeStateOf(sandbox) };
      }),
    )
    .onRequest(
      methods.agent.session.load,
      guard("session/load", async (params) => {
        const session = await openJournaled(params.sessionId, params.mcpServers, true);
        return { modes: modeStateOf(session.sandbox) };
      }),
    )
    .onRequest(
      methods.agent.session.resume,
      guard("session/resume", async (params) => {
        const session = await openJournaled(params.sessionId, params.mcpServers ?? [], false);
        return { modes: modeStateOf(session.sandbox) };
      }),
    )
    .onRequest(
      methods.agent.session.list,
      guard("session/list", async (params) => {
        const page = await runtime.journal.listSessions({
          ...(params.cwd ? { cwd: params.cwd } : {}),
          ...(params.cursor ? { cursor: params.cursor } : {}),
          limit: 100,
        });
        const infos: SessionInfo[] = page.sessions.map((summary) => ({
          sessionId: summary.id,
          cwd: summary.cwd,
          title: summary.title,
          updatedAt: new Date(summary.updatedAt).toISOString(),
        }));
        return { sessions: infos, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
      }),
    )
    .onRequest(
      methods.agent.session.close,
      guard("session/close", async (params) => {
        const session = opened(params.sessionId);
        sessions.delete(params.sessionId);
        await session.close();
        return {};
      }),
    )
    .onRequest(
      methods.agent.session.setMode,
      guard("session/set_mode", async (params) => {
        const session = opened(params.sessionId);
        const mode = sandboxModeOf(params.modeId);
        if (!mode)
          throw new AcpRequestError(
            `Unknown mode "${params.modeId}".`,
            "Use one of read-only, workspace-write, full-access.",
          );
        session.setSandbox(mode);
        return {};
      }),
    )
    .onRequest(
      methods.agent.session.prompt,
      guard("session/prompt", async (params) => opened(params.sessionId).prompt(promptText(params.prompt))),
    )
    .onNotification(methods.agent.session.cancel, async ({ params }) => {
      const session = sessions.get(params.sessionId);
      if (session) session.cancel();
      else log(`art acp: session/cancel: no session "${params.sessionId}" is open; ignored.`);
    });

  const stream = acp.ndJsonStream(
    Writable.toWeb(options.output as Writable) as WritableStream<Uint8Array>,
    Readable.toWeb(options.input as Readable) as ReadableStream<Uint8Array>,
  );
  const connection = app.connect(stream);
  const onAbort = () => connection.close();
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  channel = {
    update: (notification) => connection.client.notify(methods.client.session.update, notification),
    requestPermission: (request, signal) =>
      connection.client.request(methods.client.session.requestPermission, request, {
        cancellationSignal: signal,
      }),
    // Both or neither: a write must land where the reads come from. `terminal/*` is never used: commands run in our
    // sandbox (docs/architecture.md, "Editor files and terminals").
    editorFiles: (sessionId) =>
      offered.fs?.readTextFile && offered.fs?.writeTextFile
        ? {
            readTextFile: async (path) =>
              (await connection.client.request(methods.client.fs.readTextFile, { sessionId, path })).content,
            writeTextFile: async (path, content) => {
              await connection.client.request(methods.client.fs.writeTextFile, { sessionId, path, content });
            },
          }
        : undefined,
  };
  await connection.closed.catch(() => undefined);
  options.signal?.removeEventListener("abort", onAbort);
  // The editor went away: stop every turn (journaled as interrupted, resumable) and every MCP server.
  await Promise.all([...sessions.values()].map((session) => session.close()));
  sessions.clear();
}
