import { realpathSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DENIED_HOME_PATHS, protectedPathReason, type SandboxPolicy } from "../sandbox/index.js";
import { type FilePolicy, isWithin } from "../workspace/index.js";
import type { Tool } from "./tool.js";
import type { ToolContext } from "./tool-context.js";

function real(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

/** Both spellings of each path: as given and, when it exists, with symlinks resolved. */
function bothSpellings(files: readonly string[]): string[] {
  return [...new Set(files.flatMap((file) => [path.resolve(file), real(file)]))];
}

/** The file policy of a session whose commands run under `policy`: the same reads and writes, as real paths. */
export function filePolicyFrom(policy: SandboxPolicy, home: string | undefined = os.homedir()): FilePolicy {
  const workspace = real(policy.workspace);
  const writableRoots = policy.mode === "full-access" ? [workspace] : bothSpellings(policy.writableRoots);
  const realHome = home ? real(home) : undefined;
  return {
    workspace,
    writableRoots,
    unsandboxed: policy.mode === "full-access",
    denyRead: bothSpellings(policy.denyRead),
    readableRoots: policy.readableRoots ? bothSpellings(policy.readableRoots) : null,
    protectedPaths: bothSpellings(policy.protectedPaths),
    protectedReason: (realPath) => protectedPathReason(realPath, { roots: writableRoots, home: realHome }),
  };
}

/**
 * The policy for a tool context that was given none (library callers, tests): the default sandbox's rules for
 * `workspace` — credential folders under the home directory unreadable, the protected list read-only.
 */
export function defaultFilePolicy(workspace: string, home: string | undefined = os.homedir()): FilePolicy {
  const root = real(workspace);
  const denied = home ? DENIED_HOME_PATHS.map((name) => path.join(home, name)) : [];
  const realHome = home ? real(home) : undefined;
  return {
    workspace: root,
    writableRoots: [root],
    unsandboxed: false,
    denyRead: bothSpellings(denied).filter((entry) => !isWithin(entry, root)),
    readableRoots: null,
    protectedPaths: [],
    protectedReason: (realPath) => protectedPathReason(realPath, { roots: [root], home: realHome }),
  };
}

/** The file policy a tool call runs under: the session's, or the default sandbox's for the workspace. */
export function filePolicyOf(context: ToolContext): FilePolicy {
  return context.files ?? defaultFilePolicy(context.cwd);
}

/** `tool` with every call run under `files` (how a session hands its sandbox policy to its file tools). */
export function withFilePolicy(tool: Tool<unknown>, files: FilePolicy): Tool<unknown> {
  return { ...tool, execute: (args, context) => tool.execute(args, { ...context, files }) };
}
