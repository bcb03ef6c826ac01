import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";

/** Options of {@link serveHttp}. */
export interface HttpServeOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one (see the resolved `port`). */
  port: number;
  /** When set, every request must carry `Authorization: Bearer <token>` (else 401). */
  bearerToken?: string;
  /** A fresh MCP server for each client session (an `McpServer` serves one transport). */
  newServer: () => McpServer;
}

/** A listening HTTP endpoint (`/mcp`). */
export interface HttpServing {
  port: number;
  close(): Promise<void>;
}

/** Request bodies beyond this are refused (413): a tool call is small. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }));
}

function authorized(req: IncomingMessage, token: string | undefined): boolean {
  if (token === undefined) return true;
  const given = Buffer.from(req.headers.authorization ?? "");
  const wanted = Buffer.from(`Bearer ${token}`);
  // Constant time: the comparison must not tell an attacker how much of the token was right.
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RangeError("body too large");
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

/**
 * Serves MCP over streamable HTTP at `http://127.0.0.1:PORT/mcp`, stateful (one transport and one `McpServer` per
 * `mcp-session-id`). Bound to the loopback interface only, with the SDK's DNS-rebinding check on the Host header, so
 * a web page in the user's browser cannot drive it; a bearer token guards it from other local users.
 *
 * @example
 * const serving = await serveHttp({ port: 0, bearerToken, newServer: () => createArtMcpServer(host, version) });
 */
export async function serveHttp(options: HttpServeOptions): Promise<HttpServing> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  let port = options.port;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (!authorized(req, options.bearerToken)) {
      res.setHeader("www-authenticate", "Bearer");
      return refuse(res, 401, "Unauthorized: send Authorization: Bearer <token>.");
    }
    if (new URL(req.url ?? "/", "http://127.0.0.1").pathname !== "/mcp")
      return refuse(res, 404, "Not found: the endpoint is /mcp.");
    const id = req.headers["mcp-session-id"];
    const known = typeof id === "string" ? transports.get(id) : undefined;
    if (req.method !== "POST") {
      if (!known) return refuse(res, 400, "No valid mcp-session-id header.");
      return known.handleRequest(req, res);
    }
    let body: unknown;
    try {
      body = await readBody(req);
    } catch (error) {
      return refuse(res, error instanceof RangeError ? 413 : 400, "The body is not a JSON-RPC message.");
    }
    if (known) return known.handleRequest(req, res, body);
    if (id !== undefined || !isInitializeRequest(body))
      return refuse(res, 400, "No valid mcp-session-id header (initialize first).");
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableDnsRebindingProtection: true,
      allowedHosts: [`127.0.0.1:${port}`, `localhost:${port}`],
      onsessioninitialized: (sessionId) => {
        transports.set(sessionId, transport);
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) transports.delete(transport.sessionId);
    };
    await options.newServer().connect(transport);
    return transport.handleRequest(req, res, body);
  };
  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) refuse(res, 500, "Internal error.");
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  port = typeof address === "object" && address ? address.port : options.port;
  return {
    port,
    async close() {
      await Promise.all([...transports.values()].map((transport) => transport.close()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
