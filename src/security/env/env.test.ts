import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildChildEnv, buildChildEnvDetailed } from "./child-env.js";
import { Redactor } from "./redactor.js";
import { isSecretName } from "./secret-names.js";

const PARENT = {
  PATH: "/usr/local/bin:.:/usr/bin::bin",
  HOME: "/home/me",
  USER: "me",
  SHELL: "/bin/bash",
  LANG: "en_US.UTF-8",
  LC_ALL: "C.UTF-8",
  TERM: "xterm-256color",
  TZ: "UTC",
  TMPDIR: "/tmp",
  OPENAI_API_KEY: "sk-live-abcdefghijklmnop",
  GITHUB_TOKEN: "ghp_0123456789abcdef",
  DB_PASSWORD: "hunter2hunter2",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG",
  NODE_ENV: "test",
  NODE_AUTH_TOKEN: "npm_abcdefabcdef",
  EDITOR: "vim",
  SSH_AUTH_SOCK: "/tmp/ssh.sock",
};

describe("buildChildEnv", () => {
  it("passes the base variables, cleans PATH, and withholds everything else", () => {
    expect(buildChildEnv(PARENT)).toEqual({
      PATH: "/usr/local/bin:/usr/bin",
      HOME: "/home/me",
      USER: "me",
      SHELL: "/bin/bash",
      LANG: "en_US.UTF-8",
      LC_ALL: "C.UTF-8",
      TERM: "xterm-256color",
      TZ: "UTC",
      TMPDIR: "/tmp",
    });
  });

  it("passes allowed names and patterns, but secrets only when named exactly", () => {
    const { env, withheld } = buildChildEnvDetailed(PARENT, { allow: ["NODE_*", "GITHUB_TOKEN", "EDITOR"] });
    expect(env.NODE_ENV).toBe("test");
    expect(env.GITHUB_TOKEN).toBe("ghp_0123456789abcdef");
    expect(env.EDITOR).toBe("vim");
    expect(env.NODE_AUTH_TOKEN).toBeUndefined();
    expect(withheld).toEqual(["NODE_AUTH_TOKEN"]);
    expect(env.OPENAI_API_KEY).toBeUndefined();
  });

  it("sets configured variables over the parent's", () => {
    const env = buildChildEnv(PARENT, { set: { LANG: "C", DEPLOY_TOKEN: "configured" } });
    expect([env.LANG, env.DEPLOY_TOKEN]).toEqual(["C", "configured"]);
  });

  it.each([
    ["OPENAI_API_KEY", true],
    ["GITHUB_TOKEN", true],
    ["DB_PASSWORD", true],
    ["MYSQL_PWD", true],
    ["PWD", false],
    ["OLDPWD", false],
    ["PGPASSWORD", true],
    ["CLIENT_SECRET", true],
    ["npm_config__auth", true],
    ["PATH", false],
    ["HOME", false],
    ["LANG", false],
  ])("isSecretName(%s) is %s", (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });
});

describe("Redactor", () => {
  const redactor = Redactor.fromEnv(PARENT);

  it("replaces every secret value from the environment, and leaves the rest", () => {
    const text = `key=sk-live-abcdefghijklmnop token ghp_0123456789abcdef home=/home/me pw=hunter2hunter2 ${encodeURIComponent("wJalrXUtnFEMI/K7MDENG")}`;
    expect(redactor.redact(text)).toBe(
      "key=[REDACTED:OPENAI_API_KEY] token [REDACTED:GITHUB_TOKEN] home=/home/me pw=[REDACTED:DB_PASSWORD] [REDACTED:AWS_SECRET_ACCESS_KEY]",
    );
  });

  it("skips values too short to be told apart from ordinary text", () => {
    const short = Redactor.fromEnv({ API_KEY: "abc", SECRET: "longenough-value" });
    expect(short.size).toBe(1);
    expect(short.redact("abc longenough-value")).toBe("abc [REDACTED:SECRET]");
  });

  it("catches a secret split across streamed chunks, and holds back no more than needed", () => {
    const stream = redactor.stream();
    const out = [
      stream.push("curl -H 'x: sk-live-abc"),
      stream.push("defghijk"),
      stream.push("lmnop' done\n"),
      stream.end(),
    ];
    expect(out.join("")).toBe("curl -H 'x: [REDACTED:OPENAI_API_KEY]' done\n");
    expect(out[0]).toBe("curl -H 'x: ");
    expect(out[1]).toBe("");
    const plain = redactor.stream();
    expect(plain.push("nothing secret here\n")).toBe("nothing secret here\n");
  });

  it("releases a held-back prefix that turned out not to be a secret", () => {
    const stream = redactor.stream();
    expect(stream.push("value sk-live")).toBe("value ");
    expect(stream.push("-other text")).toBe("sk-live-other text");
    expect(stream.push("ends with ghp_01")).toBe("ends with ");
    expect(stream.end()).toBe("ghp_01");
  });

  it("streamed output equals redacting the whole text, however it is chunked", () => {
    const pieces = [
      "sk-live-abcdefghijklmnop",
      "ghp_0123456789abcdef",
      "hunter2hunter2",
      "plain ",
      "sk-live-",
      "\n",
      "x",
    ];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pieces), { maxLength: 12 }),
        fc.array(fc.nat(40), { maxLength: 6 }),
        (parts, cuts) => {
          const text = parts.join("");
          const points = [...new Set(cuts.map((cut) => Math.min(cut, text.length)))].sort((a, b) => a - b);
          const stream = redactor.stream();
          let out = "";
          let last = 0;
          for (const point of [...points, text.length]) {
            out += stream.push(text.slice(last, point));
            last = point;
          }
          out += stream.end();
          expect(out).toBe(redactor.redact(text));
        },
      ),
    );
  });
});
