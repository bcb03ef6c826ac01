import { realpathSync } from "node:fs";
import path from "node:path";
import { parsePatch } from "../patch/index.js";
import type { PolicyCall } from "../security/index.js";
import type { GateRequest } from "./tool-gate.js";

const MAX_SUMMARY = 500;

function record(args: unknown): Record<string, unknown> {
  return args && typeof args === "object" ? (args as Record<string, unknown>) : {};
}

function short(text: string): string {
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY)}…` : text;
}

/**
 * Where a write to `target` would land when symlinks on its way are followed, when that differs from the path as
 * written: the policy judges both, so `notes.txt` → `~/.bashrc` is judged as a write of `~/.bashrc`.
 */
function landing(cwd: string, target: string): string | undefined {
  const lexical = path.resolve(cwd, target);
  let existing = lexical;
  const rest: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(existing);
      const landed = path.join(real, ...rest);
      return landed === lexical ? undefined : landed;
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return undefined;
      rest.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** The policy calls for writing each of `targets`: as written, and where a symlink on the way leads. */
function writeCalls(cwd: string, targets: string[], tool: string): PolicyCall[] {
  return targets.flatMap((target) => {
    const landed = landing(cwd, target);
    return [target, ...(landed ? [landed] : [])].map(
      (file): PolicyCall => ({ kind: "file", path: file, access: "write", tool }),
    );
  });
}

/**
 * Maps a built-in tool call to what the exec policy judges: the shell command (and whether it asks to leave the
 * sandbox), the paths file tools read or write (every file a patch touches), or the tool itself for anything else.
 */
export function describeCall(request: GateRequest): { calls: PolicyCall[]; summary: string } {
  const { call, tool } = request;
  const args = record(request.args);
  const cwd = request.session.state.cwd;
  switch (call.name) {
    case "shell": {
      const command = String(args.command ?? "");
      const workdir = typeof args.workdir === "string" ? path.resolve(cwd, args.workdir) : cwd;
      const justification = typeof args.justification === "string" ? args.justification : undefined;
      return {
        calls: [
          {
            kind: "shell",
            command,
            cwd: workdir,
            ...(args.run_unsandboxed === true ? { unsandboxed: justification ? { justification } : {} } : {}),
          },
        ],
        summary: short(command),
      };
    }
    case "read_file":
    case "list_dir":
    case "grep": {
      const target = typeof args.path === "string" ? args.path : ".";
      return {
        calls: [{ kind: "file", path: target, access: "read", tool: call.name }],
        summary: `${call.name} ${target}`,
      };
    }
    case "write_file": {
      const target = String(args.path ?? "");
      return {
        calls: writeCalls(cwd, [target], call.name),
        summary: `write_file ${target}`,
      };
    }
    case "apply_patch": {
      let paths: string[] = [];
      try {
        paths = parsePatch(String(args.patch ?? "")).operations.flatMap((operation) =>
          operation.type === "update" && operation.moveTo
            ? [operation.path, operation.moveTo]
            : [operation.path],
        );
      } catch {
        // A patch that does not parse fails in the tool with a precise error; judge the tool itself here.
      }
      const calls = writeCalls(cwd, paths, call.name);
      return {
        calls: calls.length > 0 ? calls : [{ kind: "tool", tool: call.name, effects: tool.effects }],
        summary: short(`apply_patch ${paths.join(", ")}`),
      };
    }
    default:
      return {
        calls: [{ kind: "tool", tool: call.name, effects: tool.effects }],
        summary: short(`${call.name} ${JSON.stringify(request.args)}`),
      };
  }
}
