// OAuth for remote MCP servers against a real OAuth-protected streamable-HTTP server (the MCP SDK's server-side
// auth helpers, test/support/mcp/oauth-mcp-server.ts): `art mcp login` prints the URL, the test plays the browser
// (fetch, following the auto-approved consent's redirect to art's loopback), tokens land in an owner-only file,
// sessions use them and the SDK refreshes them; without tokens the error says to run `art mcp login`.
import { spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type OAuthMcpServer, startOAuthMcpServer } from "../support/mcp/oauth-mcp-server.js";
import { ART_BIN, REPO_ROOT, runArt } from "../support/run-art.js";
import { tempDir } from "../support/temp-workspace.js";

let server: OAuthMcpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs `art mcp login NAME`, acting as the user's browser on the URL it prints. */
async function login(name: string, env: NodeJS.ProcessEnv, cwd: string) {
  const child = spawn(process.execPath, [ART_BIN, "mcp", "login", name, "-C", cwd], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  const authorizationUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)$/m.exec(stdout);
      if (match) resolve(match[1]!);
    });
    exited.then(() => reject(new Error(`login exited before printing a URL\n${stdout}\n${stderr}`)));
  });
  // The browser: the consent auto-approves with a redirect to art's loopback, which the browser then follows.
  const consent = await fetch(authorizationUrl, { redirect: "manual" });
  expect(consent.status).toBe(302);
  const back = consent.headers.get("location")!;
  expect(back).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback\?code=/);
  const landing = await fetch(back);
  expect(landing.status).toBe(200);
  expect(await landing.text()).toContain("authorised");
  const code = await exited;
  return { code, stdout, stderr, authorizationUrl };
}

describe("art mcp login: OAuth (authorization code + PKCE) for streamable HTTP servers", () => {
  it("without tokens says to log in; login stores them owner-only; sessions use and refresh them", async () => {
    server = await startOAuthMcpServer();
    const home = tempDir("art-home-");
    const dir = tempDir();
    writeFileSync(path.join(home, "config.toml"), `[mcp_servers.secure]\nurl = "${server.url}"\n`);
    const env = { ART_HOME: home, HOME: home };

    const before = await runArt(["mcp", "test", "secure", "-C", dir], { env });
    expect(before.code).not.toBe(0);
    expect(before.stderr).toContain("art mcp login secure");
    expect(before.stderr).not.toMatch(/\n\s+at /);

    const done = await login("secure", env, dir);
    expect(done.code, done.stderr).toBe(0);
    expect(done.authorizationUrl).toContain("code_challenge_method=S256");
    const file = path.join(home, "mcp-auth", "secure.json");
    expect(done.stdout).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(stored).toMatchObject({ version: 1, server: "secure", url: server.url });
    const firstToken = stored.tokens.access_token as string;
    expect(server.provider.access.has(firstToken)).toBe(true);
    // The token itself is never shown.
    expect(done.stdout + done.stderr).not.toContain(firstToken);

    const after = await runArt(["mcp", "test", "secure", "-C", dir, "--json"], { env });
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout).tools).toEqual(["whoami"]);

    // The access token expires: the SDK refreshes it with the stored refresh token, and the new one is stored.
    server.expireAccessTokens();
    const refreshed = await runArt(["mcp", "test", "secure", "-C", dir, "--json"], { env });
    expect(refreshed.code, refreshed.stderr).toBe(0);
    expect(server.provider.refreshed).toBe(1);
    const newToken = JSON.parse(readFileSync(file, "utf8")).tokens.access_token as string;
    expect(newToken).not.toBe(firstToken);
    expect(server.provider.access.has(newToken)).toBe(true);
  }, 120_000);

  it("a scripted session calls the protected server's tool with the stored tokens", async () => {
    server = await startOAuthMcpServer();
    const home = tempDir("art-home-");
    const dir = tempDir();
    writeFileSync(
      path.join(home, "config.toml"),
      `[mcp_servers.secure]\nurl = "${server.url}"\nrequired = true\n`,
    );
    const env = { ART_HOME: home, HOME: home };
    expect((await login("secure", env, dir)).code).toBe(0);
    const script = path.join(tempDir(), "script.json");
    writeFileSync(
      script,
      JSON.stringify({
        responses: [{ toolCalls: [{ name: "mcp__secure__whoami", arguments: {} }] }, { text: "Asked." }],
      }),
    );
    const run = await runArt(["exec", "--model", `scripted:${script}`, "--json", "-C", dir, "who am I"], {
      env,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain("authorized client");
    const tokens = readFileSync(path.join(home, "mcp-auth", "secure.json"), "utf8");
    const accessToken = JSON.parse(tokens).tokens.access_token as string;
    expect(run.stdout + run.stderr).not.toContain(accessToken);
  }, 120_000);

  it("login of a stdio server or an unknown one is a usage error", async () => {
    const home = tempDir("art-home-");
    writeFileSync(path.join(home, "config.toml"), `[mcp_servers.local]\ncommand = "true"\n`);
    const stdio = await runArt(["mcp", "login", "local"], { env: { ART_HOME: home, HOME: home } });
    expect(stdio.code).toBe(2);
    expect(stdio.stderr).toContain("stdio server");
    const unknown = await runArt(["mcp", "login", "nope"], { env: { ART_HOME: home, HOME: home } });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No MCP server "nope"');
  });
});
