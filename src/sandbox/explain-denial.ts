import path from "node:path";
import type { SandboxPolicy } from "./sandbox-policy.js";

const LAUNCHER_LINE = /^art-sandbox: ([a-z_]+): (.+)$/m;
const DENIED_LINE =
  /(Permission denied|Operation not permitted|Read-only file system|\bEACCES\b|\bEPERM\b|\bEROFS\b)/;
// With namespaces, denied folders are hidden behind an empty mount, so reading them fails with "not found".
const HIDDEN_LINE = /(No such file or directory|\bENOENT\b)/;
// "prog: " or "/bin/sh: 1: " at the start of a line names the program, not the path that failed.
const PROGRAM_PREFIX = /^[^\s:]+:(\s*\d+:)?\s*/;
const BEFORE_ERROR =
  /(\S+):\s*(?:Permission denied|Operation not permitted|Read-only file system|No such file or directory)/;
const NETWORK =
  /(Network is unreachable|ENETUNREACH|Temporary failure in name resolution|EAI_AGAIN|Could not resolve host|Name or service not known|(socket|connect)\b[^\n]*(Operation not permitted|EPERM)|(Operation not permitted|EPERM)[^\n]*\b(socket|connect))/i;
const QUOTED = /['"`‘“]([^'"`’”\n]+)['"`’”]/g;

function within(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith("/") ? parent : `${parent}/`);
}

function candidatePaths(fullLine: string, workspace: string): string[] {
  const line = fullLine.replace(PROGRAM_PREFIX, " ");
  const found: string[] = [];
  for (const match of line.matchAll(QUOTED)) if (match[1]) found.push(match[1]);
  // Unquoted: tokens that look like paths (hold a "/" or start with a dot), without trailing punctuation.
  for (const token of line.split(/[\s'"`‘’“”]+/)) {
    const cleaned = token.replace(/[:,;)]+$/, "").replace(/^\(/, "");
    if (cleaned.length > 1 && cleaned !== ".." && (cleaned.includes("/") || cleaned.startsWith(".")))
      found.push(cleaned);
  }
  // "...cannot create out.txt: Permission denied": the word before the error names the file, dots or not.
  const before = BEFORE_ERROR.exec(line)?.[1]?.replace(/^[('"`‘“]+|[)'"`’”]+$/g, "");
  if (before && before !== "." && before !== "..") found.push(before);
  return [...new Set(found)]
    .filter((text) => !text.startsWith("~") && !text.includes("://"))
    .map((text) => path.resolve(workspace, text));
}

function explainPath(target: string, policy: SandboxPolicy): string | undefined {
  if (policy.denyRead.some((denied) => within(denied, target)))
    return `The sandbox blocks reading ${target}: credential folders and $ART_HOME are unreadable to commands.`;
  if (policy.protectedPaths.some((guarded) => within(guarded, target)))
    return `The sandbox keeps ${target} read-only: git hooks and config, .gitmodules, .art/ and shell rc files are protected from commands.`;
  if (!policy.writableRoots.some((root) => within(root, target))) {
    const roots = policy.writableRoots.length > 0 ? policy.writableRoots.join(", ") : "nothing";
    return `The sandbox refused access to ${target}: in ${policy.mode} mode only ${roots} can be written (and /dev is limited to the usual devices). Ask for a wider sandbox (another --writable dir or full-access) if this is needed.`;
  }
  return undefined;
}

/**
 * A plain sentence when a failed command looks like it was stopped by the sandbox (a write outside the roots, a
 * protected or denied path, blocked network, a refused system call, or the launcher's own error), else undefined.
 */
export function explainSandboxDenial(
  result: { exitCode: number | null; output: string },
  policy: SandboxPolicy,
): string | undefined {
  if (policy.mode === "full-access") return undefined;
  const launcher = LAUNCHER_LINE.exec(result.output);
  if (launcher) {
    const [, layer, message] = launcher;
    if (layer === "exec") return `The sandbox could not start the command: ${message}.`;
    if (layer === "protected")
      return `The sandbox undid a change to a protected path: ${message}. Git hooks and config, .gitmodules, .art/ and shell rc files may not be changed by commands.`;
    return `The sandbox launcher failed while applying ${layer}: ${message}. The command did not run.`;
  }
  if (result.exitCode === 0) return undefined;
  if (policy.network === "none" && NETWORK.test(result.output))
    return 'The sandbox blocks network access (network "none"); run with network "full" if the command needs it.';
  const lines = result.output.split("\n");
  for (const line of lines.filter((line) => HIDDEN_LINE.test(line) || DENIED_LINE.test(line))) {
    const hidden = candidatePaths(line, policy.workspace).find((target) =>
      policy.denyRead.some((denied) => within(denied, target)),
    );
    if (hidden) return explainPath(hidden, policy);
  }
  const deniedLines = lines.filter((line) => DENIED_LINE.test(line));
  for (const line of deniedLines) {
    for (const target of candidatePaths(line, policy.workspace)) {
      const sentence = explainPath(target, policy);
      if (sentence) return sentence;
    }
  }
  if (deniedLines.some((line) => /Operation not permitted|EPERM/.test(line)))
    return "The sandbox refused an operation (it blocks ptrace, mount, new namespaces, io_uring, setuid bits, device nodes and similar escape routes).";
  return undefined;
}
