import { randomBytes } from "node:crypto";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from "@modelcontextprotocol/sdk/shared/auth.js";
import { McpAuthError } from "./errors/index.js";
import { readStoredAuth, type StoredAuth, writeStoredAuth } from "./oauth-store.js";

/** What the provider does when the SDK wants the user to authorise in a browser. */
export type AuthorizationStep =
  /** A session: no browser here; the connection fails with {@link McpAuthError} telling to run `art mcp login`. */
  | { kind: "refuse" }
  /** `art mcp login`: the URL is shown to the user, who opens it; the redirect comes back to `redirectUrl`. */
  | { kind: "show"; redirectUrl: string; state: string; show(url: URL): void };

/**
 * The SDK's `OAuthClientProvider`, over our store under `$ART_HOME/mcp-auth/` (authorization code + PKCE, dynamic
 * client registration, refresh by the SDK when a token is refused). Tokens live only in that owner-only file and in
 * the transport's requests: they are never printed, logged or journaled.
 *
 * @example
 * ```ts
 * const provider = new StoredOAuthProvider(artHome, "docs", "https://mcp.example.com/mcp", { kind: "refuse" });
 * new StreamableHTTPClientTransport(new URL(url), { authProvider: provider });
 * ```
 */
export class StoredOAuthProvider implements OAuthClientProvider {
  constructor(
    private readonly artHome: string,
    private readonly server: string,
    private readonly url: string,
    private readonly step: AuthorizationStep,
  ) {}

  get redirectUrl(): string | undefined {
    return this.step.kind === "show" ? this.step.redirectUrl : this.registeredRedirect();
  }

  get clientMetadata(): OAuthClientMetadata {
    const redirect = this.redirectUrl;
    return {
      client_name: "art (Agent Runtime)",
      redirect_uris: redirect ? [redirect] : [],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  /** The `state` the authorisation request carries; the login's loopback accepts only a redirect with it. */
  state(): string {
    return this.step.kind === "show" ? this.step.state : randomBytes(16).toString("hex");
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    return this.stored()?.client as OAuthClientInformationMixed | undefined;
  }

  saveClientInformation(client: OAuthClientInformationMixed): void {
    this.save({ client: client as Record<string, unknown> });
  }

  tokens(): OAuthTokens | undefined {
    return this.stored()?.tokens as OAuthTokens | undefined;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.save({ tokens: tokens as Record<string, unknown>, codeVerifier: undefined });
  }

  redirectToAuthorization(url: URL): void {
    if (this.step.kind === "refuse")
      throw new McpAuthError(
        this.server,
        this.tokens()
          ? "refused the stored OAuth tokens and they could not be refreshed"
          : "needs OAuth authorisation",
      );
    this.step.show(url);
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.save({ codeVerifier });
  }

  codeVerifier(): string {
    const verifier = this.stored()?.codeVerifier;
    if (!verifier) throw new McpAuthError(this.server, "has no login in progress (no PKCE verifier)");
    return verifier;
  }

  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    if (scope === "all") this.save({ client: undefined, tokens: undefined, codeVerifier: undefined });
    else if (scope === "client") this.save({ client: undefined });
    else if (scope === "tokens") this.save({ tokens: undefined });
    else if (scope === "verifier") this.save({ codeVerifier: undefined });
  }

  /** Forgets the registered client (a login registers afresh, with its own loopback redirect URL). */
  forgetClient(): void {
    this.save({ client: undefined, codeVerifier: undefined });
  }

  private registeredRedirect(): string | undefined {
    const uris = (this.stored()?.client as { redirect_uris?: unknown } | undefined)?.redirect_uris;
    return Array.isArray(uris) && typeof uris[0] === "string" ? uris[0] : undefined;
  }

  private stored(): StoredAuth | undefined {
    return readStoredAuth(this.artHome, this.server, this.url);
  }

  private save(change: Partial<Pick<StoredAuth, "client" | "tokens" | "codeVerifier">>): void {
    const current = this.stored();
    const next = { server: this.server, url: this.url, ...current, ...change };
    const { version: _version, savedAt: _savedAt, ...state } = next as StoredAuth;
    for (const key of ["client", "tokens", "codeVerifier"] as const)
      if (state[key] === undefined) delete state[key];
    writeStoredAuth(this.artHome, state);
  }
}
