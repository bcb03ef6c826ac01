import type { Verdict } from "../decision.js";

/**
 * Publishing to registries cannot be undone: it asks. npm resolves an unambiguous prefix of a command name to
 * the command (`npm pub` is `npm publish`), so npm's commands are matched the way npm matches them.
 */

/** npm's commands and aliases (npm 10), for resolving abbreviations. */
const NPM_COMMANDS = [
  "access",
  "adduser",
  "audit",
  "bugs",
  "cache",
  "ci",
  "completion",
  "config",
  "dedupe",
  "deprecate",
  "diff",
  "dist-tag",
  "docs",
  "doctor",
  "edit",
  "exec",
  "explain",
  "explore",
  "find-dupes",
  "fund",
  "get",
  "help",
  "help-search",
  "hook",
  "init",
  "install",
  "install-ci-test",
  "install-test",
  "link",
  "ll",
  "login",
  "logout",
  "ls",
  "org",
  "outdated",
  "owner",
  "pack",
  "ping",
  "pkg",
  "prefix",
  "profile",
  "prune",
  "publish",
  "query",
  "rebuild",
  "repo",
  "restart",
  "root",
  "run",
  "run-script",
  "sbom",
  "search",
  "set",
  "shrinkwrap",
  "star",
  "stars",
  "start",
  "stop",
  "team",
  "test",
  "token",
  "undeprecate",
  "uninstall",
  "unpublish",
  "unstar",
  "update",
  "version",
  "view",
  "whoami",
  "i",
  "add",
  "un",
  "rm",
  "r",
  "t",
  "tst",
  "up",
  "c",
  "x",
  "rb",
  "ln",
  "v",
  "info",
  "show",
  "s",
  "se",
  "find",
  "it",
  "cit",
  "clean-install",
  "ic",
  "sit",
  "list",
  "la",
  "author",
  "home",
  "issues",
  "create",
  "innit",
  "login",
  "upgrade",
  "udpate",
  "unlink",
  "remove",
  "isntall",
  "verison",
  "why",
  "dist-tags",
];

/** npm commands that publish, unpublish or change who may publish. */
const NPM_PUBLISHING = new Set([
  "publish",
  "unpublish",
  "deprecate",
  "undeprecate",
  "dist-tag",
  "owner",
  "access",
  "team",
  "token",
]);

/** The npm command a word names: itself, or the one command it is an unambiguous prefix of. */
function npmCommand(word: string): string | undefined {
  if (NPM_COMMANDS.includes(word)) return word;
  const candidates = NPM_COMMANDS.filter((name) => name.startsWith(word));
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** Other registries: the command name and the verbs that publish. */
const PUBLISHERS: Record<string, string[]> = {
  pnpm: ["publish"],
  yarn: ["publish", "npm"],
  bun: ["publish"],
  deno: ["publish"],
  jsr: ["publish"],
  cargo: ["publish", "yank", "owner"],
  gem: ["push", "yank", "owner"],
  twine: ["upload"],
  poetry: ["publish"],
  uv: ["publish"],
  flit: ["publish"],
  hatch: ["publish"],
  docker: ["push"],
  podman: ["push"],
  helm: ["push"],
  vsce: ["publish", "unpublish"],
  ovsx: ["publish"],
  mvn: ["deploy"],
  gradle: ["publish"],
};

/** The built-in verdict for a publishing command, or undefined. */
export function publishVerdict(base: string, args: string[]): Verdict | undefined {
  let verb: string | undefined;
  if (base === "npm") {
    // The first word that names an npm command is the command; option values before it name none.
    for (const arg of args) {
      if (arg === "--") break;
      if (arg.startsWith("-")) continue;
      const command = npmCommand(arg);
      if (command === undefined) continue;
      if (NPM_PUBLISHING.has(command)) verb = arg;
      break;
    }
  } else {
    const publishes = PUBLISHERS[base];
    verb = publishes ? args.find((arg) => publishes.includes(arg)) : undefined;
    if (base === "dotnet" && args.includes("nuget") && args.includes("push")) verb = "nuget push";
    if (
      base === "gh" &&
      args[0] === "release" &&
      ["create", "upload", "delete", "edit"].includes(args[1] ?? "")
    )
      verb = `release ${args[1]}`;
  }
  if (verb === undefined) return undefined;
  return {
    decision: "ask",
    reason: `${base} ${verb} publishes to a registry and cannot be undone`,
    rule: "builtin:dangerous-publish",
  };
}
