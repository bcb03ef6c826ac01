import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { ApprovalMode, ArtError, NetworkMode, SandboxMode } from "../core/index.js";
import type { ElicitChannel } from "./elicit-approval.js";
import { MAX_EVENTS_PAGE, type RunProgress, type SessionHost } from "./session-host.js";

/** How long a user may take over an approval form before the approval is denied. */
const ELICIT_TIMEOUT_MS = 30 * 60_000;

type ToolResult = {
  content: { type: "text"; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

/** A tool's answer: its JSON as text (for every client) and as structured content. */
function ok(value: object): ToolResult {
  return {
    content: [{ type: "text", text: JSON.stringify(value) }],
    structuredContent: value as Record<string, unknown>,
  };
}

/** A failed call as an `isError` result: the typed error's message and code, never a stack. */
function failure(error: unknown): ToolResult {
  const text = ArtError.isInstance(error)
    ? `${error.message} [${error.code}]`
    : `internal error: ${error instanceof Error ? error.message : String(error)}`;
  return { content: [{ type: "text", text }], isError: true };
}

async function answer(work: () => Promise<object>): Promise<ToolResult> {
  try {
    return ok(await work());
  } catch (error) {
    return failure(error);
  }
}

type Extra = {
  requestId: string | number;
  _meta?: { progressToken?: string | number };
  sendNotification: (notification: {
    method: "notifications/progress";
    params: { progressToken: string | number; progress: number; message?: string };
  }) => Promise<void>;
};

/** MCP progress for a waited-for call when the client asked for it (a `progressToken`): one per session event. */
function progressOf(extra: Extra): RunProgress | undefined {
  const token = extra._meta?.progressToken;
  if (token === undefined) return undefined;
  return (seq, type) => {
    extra
      .sendNotification({
        method: "notifications/progress",
        params: { progressToken: token, progress: seq, message: type },
      })
      .catch(() => undefined);
  };
}

const sessionId = z.string().min(1).describe("The id start_session returned (ses_...)");
const wait = z
  .boolean()
  .optional()
  .describe("Wait until the turn has ended (default true); false returns at once — poll get_session");

/**
 * `art` as an MCP server: one {@link McpServer} per client connection, all on one {@link SessionHost}. Tools:
 * `start_session`, `continue_session`, `get_session`, `read_events`, `cancel_session`. A session's approvals are
 * asked through elicitation when the client declared it, otherwise denied (the reason is in the report).
 *
 * @example
 * const server = createArtMcpServer(host, "0.1.0");
 * await server.connect(new StdioServerTransport());
 */
export function createArtMcpServer(host: SessionHost, version: string): McpServer {
  const server = new McpServer(
    { name: "art", version },
    {
      capabilities: { tools: {} },
      instructions:
        "Runs Agent Runtime sessions: start_session on a task in a directory, continue_session with a follow-up, get_session and read_events to watch, cancel_session to stop. Approvals are asked through elicitation.",
    },
  );
  const channel = (requestId: string | number | undefined): ElicitChannel => ({
    canElicit: () => Boolean(server.server.getClientCapabilities()?.elicitation),
    elicit: (params, signal) =>
      server.server.elicitInput(
        { mode: "form", ...params },
        {
          signal,
          timeout: ELICIT_TIMEOUT_MS,
          // Over HTTP, on the stream of the call that waits for the turn (the client is listening there).
          ...(requestId !== undefined ? { relatedRequestId: requestId } : {}),
        },
      ) as ReturnType<ElicitChannel["elicit"]>,
  });

  server.registerTool(
    "start_session",
    {
      title: "Start an agent session",
      description:
        "Starts an agent session on a task in a directory, resolved and sandboxed as `art exec` would (config.toml, the project's trust, its MCP servers). Returns the session_id, and with wait (default) how the turn ended and its final message.",
      inputSchema: {
        task: z.string().min(1).describe("What the agent should do"),
        cwd: z.string().min(1).describe("The workspace directory (absolute, or relative to the server's)"),
        model: z
          .string()
          .min(1)
          .optional()
          .describe("openai:<model> | anthropic:<model> | openai-compatible:<model> | scripted:<file>"),
        base_url: z.string().url().optional().describe("API base URL (openai-compatible)"),
        agent: z.string().min(1).optional().describe("An agent definition by name (see `art agents`)"),
        sandbox: SandboxMode.optional(),
        network: NetworkMode.optional(),
        approval: ApprovalMode.optional(),
        wait,
      },
    },
    (args, extra) =>
      answer(() =>
        host.start(
          {
            task: args.task,
            cwd: args.cwd,
            ...(args.model ? { model: args.model } : {}),
            ...(args.base_url ? { baseUrl: args.base_url } : {}),
            ...(args.agent ? { agent: args.agent } : {}),
            ...(args.sandbox ? { sandbox: args.sandbox } : {}),
            ...(args.network ? { network: args.network } : {}),
            ...(args.approval ? { approval: args.approval } : {}),
          },
          channel(args.wait === false ? undefined : extra.requestId),
          args.wait !== false,
          progressOf(extra as Extra),
        ),
      ),
  );

  server.registerTool(
    "continue_session",
    {
      title: "Continue a session",
      description:
        "Starts a new turn of a session with a follow-up prompt, under the settings it was started with.",
      inputSchema: {
        session_id: sessionId,
        prompt: z.string().min(1).describe("The follow-up message"),
        wait,
      },
    },
    (args, extra) =>
      answer(() =>
        host.continue(
          args.session_id,
          args.prompt,
          channel(args.wait === false ? undefined : extra.requestId),
          args.wait !== false,
          progressOf(extra as Extra),
        ),
      ),
  );

  server.registerTool(
    "get_session",
    {
      title: "A session's status",
      description:
        "The session's status (running, completed, failed, interrupted, ...), its final message and denied approvals.",
      inputSchema: { session_id: sessionId },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => host.status(args.session_id)),
  );

  server.registerTool(
    "read_events",
    {
      title: "A session's events",
      description: `One page of the session's journaled events from from_seq (default 1), at most limit (default 100, max ${MAX_EVENTS_PAGE}); next_from_seq continues.`,
      inputSchema: {
        session_id: sessionId,
        from_seq: z.number().int().min(1).optional(),
        limit: z.number().int().min(1).max(MAX_EVENTS_PAGE).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    (args) => answer(() => host.events(args.session_id, args.from_seq ?? 1, args.limit ?? 100)),
  );

  server.registerTool(
    "cancel_session",
    {
      title: "Cancel a session's turn",
      description: "Cancels the running turn: the model call stops and running commands are killed.",
      inputSchema: { session_id: sessionId },
      annotations: { destructiveHint: false },
    },
    (args) => answer(() => host.cancel(args.session_id)),
  );
  return server;
}
