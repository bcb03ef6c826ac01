import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { oauthFile, readStoredAuth, writeStoredAuth } from "./oauth-store.js";

const URL_A = "https://a.example/mcp";

describe("the OAuth token store", () => {
  it("writes owner-only with a schema version and reads it back for the same URL only", () => {
    const home = mkdtempSync(path.join(tmpdir(), "art-oauth-"));
    writeStoredAuth(home, {
      server: "docs",
      url: URL_A,
      tokens: { access_token: "t", token_type: "bearer" },
    });
    const file = oauthFile(home, "docs");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, "utf8")).version).toBe(1);
    expect(readStoredAuth(home, "docs", URL_A)?.tokens).toEqual({ access_token: "t", token_type: "bearer" });
    // The entry now points elsewhere: its tokens must not be sent there.
    expect(readStoredAuth(home, "docs", "https://evil.example/mcp")).toBeUndefined();
  });

  it("ignores a file of another schema version or a name that would leave the folder", () => {
    const home = mkdtempSync(path.join(tmpdir(), "art-oauth-"));
    writeStoredAuth(home, { server: "x", url: URL_A });
    writeFileSync(oauthFile(home, "x"), JSON.stringify({ version: 2, server: "x", url: URL_A, savedAt: "" }));
    expect(readStoredAuth(home, "x", URL_A)).toBeUndefined();
    expect(path.dirname(oauthFile(home, "../../etc/passwd"))).toBe(path.join(home, "mcp-auth"));
  });
});
