import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { McpAuthError } from "./errors/index.js";
import { StoredOAuthProvider } from "./oauth-provider.js";
import { oauthFile } from "./oauth-store.js";

/** What {@link loginMcpServer} needs. */
export interface McpLoginOptions {
  artHome: string;
  /** Shows the authorisation URL to the user (the CLI prints it). */
  show(url: string): void;
  /** Stops waiting for the browser. */
  signal: AbortSignal;
}

/** A redirect the loopback received: the code, or the authorisation server's error. */
type Redirect = { code: string } | { error: string };

const PAGE = (text: string) =>
  `<!doctype html><meta charset="utf-8"><title>art</title><p>${text}</p><p>You can close this tab.</p>\n`;

/** Listens on 127.0.0.1 (a free port) for the one redirect of this login, checked by its `state`. */
async function loopback(
  expectedState: string,
): Promise<{ server: Server; url: string; redirect: Promise<Redirect> }> {
  let deliver: (redirect: Redirect) => void = () => {};
  const redirect = new Promise<Redirect>((resolve) => {
    deliver = resolve;
  });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    // Anything else on this port (a favicon, a stray request, a forged redirect without our state) is turned away.
    if (url.pathname !== "/callback" || url.searchParams.get("state") !== expectedState) {
      response
        .writeHead(404, { "content-type": "text/plain" })
        .end("Not the redirect this login waits for.\n");
      return;
    }
    const code = url.searchParams.get("code");
    const error = url.searchParams.get("error");
    response
      .writeHead(code ? 200 : 400, { "content-type": "text/html; charset=utf-8" })
      .end(PAGE(code ? "art is authorised." : `Authorisation failed: ${error ?? "no code"}.`));
    deliver(
      code
        ? { code }
        : { error: `${error ?? "no code"} ${url.searchParams.get("error_description") ?? ""}`.trim() },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/callback`, redirect };
}

/**
 * `art mcp login NAME`: OAuth authorization code with PKCE for a streamable HTTP server. Registers art with the
 * server's authorisation server (dynamic registration, a loopback redirect URL on a free port), shows the URL to
 * open, waits for the browser's redirect to the loopback, exchanges the code and stores the tokens (owner-only,
 * `$ART_HOME/mcp-auth/NAME.json`). Resolves with that file's path; the tokens themselves are never shown.
 *
 * @example
 * ```ts
 * await loginMcpServer("docs", "https://mcp.example.com/mcp", { artHome, show: (url) => console.log(url), signal });
 * ```
 */
export async function loginMcpServer(server: string, url: string, options: McpLoginOptions): Promise<string> {
  const { auth } = await import("@modelcontextprotocol/sdk/client/auth.js");
  // The loopback starts first: the redirect URL registered for this login names its port.
  const state = randomBytes(16).toString("hex");
  const listening = await loopback(state);
  try {
    const provider = new StoredOAuthProvider(options.artHome, server, url, {
      kind: "show",
      redirectUrl: listening.url,
      state,
      show: (authorizationUrl) => options.show(authorizationUrl.toString()),
    });
    provider.forgetClient();
    let first: Awaited<ReturnType<typeof auth>>;
    try {
      first = await auth(provider, { serverUrl: url });
    } catch (error) {
      throw new McpAuthError(server, `could not start the OAuth login (${(error as Error).message})`, {
        cause: error,
        login: false,
      });
    }
    if (first === "AUTHORIZED") return oauthFile(options.artHome, server);
    const aborted = new Promise<never>((_, reject) => {
      const stop = () =>
        reject(new McpAuthError(server, "login was stopped before the browser came back", { login: false }));
      if (options.signal.aborted) stop();
      else options.signal.addEventListener("abort", stop, { once: true });
    });
    const redirect = await Promise.race([listening.redirect, aborted]);
    if ("error" in redirect)
      throw new McpAuthError(server, `refused the authorisation (${redirect.error})`, { login: false });
    try {
      await auth(provider, { serverUrl: url, authorizationCode: redirect.code });
    } catch (error) {
      throw new McpAuthError(
        server,
        `did not exchange the authorisation code (${(error as Error).message})`,
        {
          cause: error,
          login: false,
        },
      );
    }
    return oauthFile(options.artHome, server);
  } finally {
    listening.server.closeAllConnections();
    listening.server.close();
  }
}
