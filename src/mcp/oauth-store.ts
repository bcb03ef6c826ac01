import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** The schema version of a stored OAuth file. */
export const OAUTH_STORE_VERSION = 1;

const StoredAuth = z.object({
  version: z.literal(OAUTH_STORE_VERSION),
  server: z.string(),
  /** The server URL the tokens were issued for: tokens are never sent to another URL. */
  url: z.string(),
  /** What the authorisation server registered us as (dynamic client registration). */
  client: z.record(z.string(), z.unknown()).optional(),
  tokens: z.record(z.string(), z.unknown()).optional(),
  /** The PKCE verifier of a login in progress. */
  codeVerifier: z.string().optional(),
  savedAt: z.string(),
});
/** One server's OAuth state as stored under `$ART_HOME/mcp-auth/`. */
export type StoredAuth = z.infer<typeof StoredAuth>;

/** Where one server's OAuth state lives: `$ART_HOME/mcp-auth/<name>.json` (the name made safe for a file). */
export function oauthFile(artHome: string, server: string): string {
  return path.join(artHome, "mcp-auth", `${server.replace(/[^A-Za-z0-9_.-]/g, "_")}.json`);
}

/**
 * Reads one server's stored OAuth state; undefined when there is none, it is unreadable, or it was issued for
 * another URL (the entry's `url` changed: its tokens must not go to the new server).
 */
export function readStoredAuth(artHome: string, server: string, url: string): StoredAuth | undefined {
  let text: string;
  try {
    text = readFileSync(oauthFile(artHome, server), "utf8");
  } catch {
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // A torn or hand-edited file counts as no login: `art mcp login` writes a fresh one.
    return undefined;
  }
  const parsed = StoredAuth.safeParse(json);
  if (!parsed.success || parsed.data.url !== url) return undefined;
  return parsed.data;
}

/**
 * Writes one server's OAuth state: owner-only (folder 0700, file 0600), through a temp file and a rename, so a
 * crash leaves the old state or the new one, never half a file.
 */
export function writeStoredAuth(artHome: string, state: Omit<StoredAuth, "version" | "savedAt">): void {
  const file = oauthFile(artHome, state.server);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
  const stored: StoredAuth = { version: OAUTH_STORE_VERSION, ...state, savedAt: new Date().toISOString() };
  writeFileSync(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: "wx" });
  renameSync(temp, file);
}
