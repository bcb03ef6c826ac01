// A real OAuth-protected streamable-HTTP MCP server for tests, built on the MCP SDK's server-side auth helpers
// (mcpAuthRouter: metadata, dynamic registration, /authorize with PKCE, /token; requireBearerAuth on /mcp). Its
// consent auto-approves: /authorize redirects straight back with a code, so a test follows it with fetch.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { OAuthRegisteredClientsStore } from "@modelcontextprotocol/sdk/server/auth/clients.js";
import { InvalidTokenError } from "@modelcontextprotocol/sdk/server/auth/errors.js";
import { requireBearerAuth } from "@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js";
import type {
  AuthorizationParams,
  OAuthServerProvider,
} from "@modelcontextprotocol/sdk/server/auth/provider.js";
import {
  getOAuthProtectedResourceMetadataUrl,
  mcpAuthRouter,
} from "@modelcontextprotocol/sdk/server/auth/router.js";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { OAuthClientInformationFull, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
// express comes with the MCP SDK (its server-side auth helpers are express routers); it ships no types of its own.
// @ts-expect-error no declaration file for express (and @types/express is not a dependency)
import expressModule from "express";

/** The little of express this server uses. */
interface ExpressApp {
  use(...handlers: unknown[]): void;
  post(path: string, ...handlers: unknown[]): void;
  listen(port: number, host: string, ready: () => void): Server;
}
type Express = (() => ExpressApp) & { json(): unknown };
const express = expressModule as Express;
type Request = IncomingMessage & { body?: unknown };
type Response = ServerResponse & { redirect(url: string): void };

interface Grant {
  clientId: string;
  params: AuthorizationParams;
}

/** An in-memory authorisation server: codes, access tokens (revocable by the test) and refresh tokens. */
class TestAuthProvider implements OAuthServerProvider {
  readonly clients = new Map<string, OAuthClientInformationFull>();
  readonly codes = new Map<string, Grant>();
  readonly access = new Map<string, { clientId: string }>();
  readonly refresh = new Map<string, { clientId: string }>();
  refreshed = 0;

  get clientsStore(): OAuthRegisteredClientsStore {
    return {
      getClient: async (id) => this.clients.get(id),
      registerClient: async (client) => {
        const full = {
          ...client,
          client_id: randomUUID(),
          client_id_issued_at: Math.floor(Date.now() / 1000),
        };
        this.clients.set(full.client_id, full as OAuthClientInformationFull);
        return full as OAuthClientInformationFull;
      },
    };
  }

  async authorize(client: OAuthClientInformationFull, params: AuthorizationParams, res: Response) {
    const code = randomUUID();
    this.codes.set(code, { clientId: client.client_id, params });
    const target = new URL(params.redirectUri);
    target.searchParams.set("code", code);
    if (params.state !== undefined) target.searchParams.set("state", params.state);
    res.redirect(target.toString());
  }

  async challengeForAuthorizationCode(_client: OAuthClientInformationFull, code: string) {
    const grant = this.codes.get(code);
    if (!grant) throw new Error("unknown code");
    return grant.params.codeChallenge;
  }

  private issue(clientId: string): OAuthTokens {
    const accessToken = `at-${randomUUID()}`;
    const refreshToken = `rt-${randomUUID()}`;
    this.access.set(accessToken, { clientId });
    this.refresh.set(refreshToken, { clientId });
    return { access_token: accessToken, token_type: "bearer", expires_in: 3600, refresh_token: refreshToken };
  }

  async exchangeAuthorizationCode(client: OAuthClientInformationFull, code: string) {
    const grant = this.codes.get(code);
    if (!grant || grant.clientId !== client.client_id) throw new Error("code not issued to this client");
    this.codes.delete(code);
    return this.issue(client.client_id);
  }

  async exchangeRefreshToken(client: OAuthClientInformationFull, refreshToken: string) {
    const known = this.refresh.get(refreshToken);
    if (!known || known.clientId !== client.client_id) throw new Error("unknown refresh token");
    this.refresh.delete(refreshToken);
    this.refreshed++;
    return this.issue(client.client_id);
  }

  async verifyAccessToken(token: string): Promise<AuthInfo> {
    const known = this.access.get(token);
    // InvalidTokenError is what makes the bearer middleware answer 401 (a plain Error is a 500).
    if (!known) throw new InvalidTokenError("invalid or expired token");
    return { token, clientId: known.clientId, scopes: [], expiresAt: Math.floor(Date.now() / 1000) + 3600 };
  }
}

/** A running OAuth-protected MCP server: its `/mcp` URL, the provider's state, and a way to expire tokens. */
export interface OAuthMcpServer {
  url: string;
  provider: TestAuthProvider;
  /** Every access token becomes invalid (as if expired): the next request needs a refresh. */
  expireAccessTokens(): void;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 (a free port); its one tool `whoami` answers with the caller's client id. */
export async function startOAuthMcpServer(): Promise<OAuthMcpServer> {
  const provider = new TestAuthProvider();
  const app = express();
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mcpUrl = new URL("/mcp", base);
  app.use(mcpAuthRouter({ provider, issuerUrl: new URL(base), resourceServerUrl: mcpUrl }));
  const bearer = requireBearerAuth({
    verifier: provider,
    resourceMetadataUrl: getOAuthProtectedResourceMetadataUrl(mcpUrl),
  });
  app.post("/mcp", express.json(), bearer, async (req: Request, res: Response) => {
    const mcp = new McpServer({ name: "oauth-test", version: "1.0.0" });
    mcp.registerTool("whoami", { description: "Says who the caller is" }, async (extra) => ({
      content: [{ type: "text", text: `authorized client ${extra.authInfo?.clientId ?? "?"}` }],
    }));
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  return {
    url: mcpUrl.toString(),
    provider,
    expireAccessTokens: () => provider.access.clear(),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
