import path from "node:path";
import { protectedPathReason } from "../../sandbox/index.js";
import type { Verdict } from "../decision.js";
import type { FileAccess } from "../types.js";
import { looksLikeSecretFile } from "./safe-commands.js";

/** Devices that writing to is harmless. */
const HARMLESS_DEVICES = /^\/dev\/(null|zero|stdout|stderr|tty|fd\/\d+)$/;
const DISKS = /^\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk|rdisk|dm-|md|loop)/;

/** Where a file is, relative to the workspace and home. */
export interface PathFacts {
  /** Absolute, lexically normalised. */
  absolute: string;
  /** Workspace-relative with `/` separators, when inside the workspace. */
  relative: string | undefined;
  /** The workspace root it was resolved against. */
  workspace: string;
  /** The home directory, when known. */
  home: string | undefined;
}

/** Resolves `given` (relative to `base`, absolute or `~/...`) without touching the file system. */
export function pathFacts(
  given: string,
  base: string,
  workspace: string,
  home: string | undefined,
): PathFacts {
  let expanded = given;
  if ((given === "~" || given.startsWith("~/")) && home) expanded = home + given.slice(1);
  const absolute = path.resolve(base, expanded);
  const relative = path.relative(workspace, absolute);
  const inside = relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
  return {
    absolute,
    relative: inside ? relative.split(path.sep).join("/") || "." : undefined,
    workspace,
    home,
  };
}

/** The built-in verdict for reading or writing a path, or undefined when nothing special applies. */
export function builtinPathVerdict(facts: PathFacts, access: FileAccess): Verdict | undefined {
  const { absolute, relative } = facts;
  if (access === "write") {
    if (HARMLESS_DEVICES.test(absolute))
      return { decision: "allow", reason: `writes to ${absolute}`, rule: "builtin:harmless-device" };
    if (DISKS.test(absolute))
      return {
        decision: "forbid",
        reason: `writes onto the disk device ${absolute}`,
        rule: "builtin:dangerous-disk-write",
      };
    if (relative === undefined) {
      return {
        decision: "ask",
        reason: `writes ${absolute}, outside the workspace`,
        rule: "builtin:write-outside-workspace",
      };
    }
    // The sandbox's own protected list: what a sandboxed command may not write, a file tool asks for.
    const reason = protectedPathReason(absolute, { roots: [facts.workspace], home: facts.home });
    if (reason) {
      return {
        decision: "ask",
        reason: `writes ${relative}: ${reason}`,
        rule: "builtin:protected-path",
      };
    }
    return undefined;
  }
  if (looksLikeSecretFile(relative ?? absolute)) {
    return {
      decision: "ask",
      reason: `reads ${relative ?? absolute}, which looks like it holds credentials`,
      rule: "builtin:secret-file",
    };
  }
  return undefined;
}
