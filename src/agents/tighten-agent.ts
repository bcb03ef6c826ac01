import { isAbsolute, relative, resolve } from "node:path";

/** What a parent (the session or user config) allows; a child agent may only narrow it. */
export interface PermissionSet {
  sandbox: "read-only" | "workspace-write" | "full-access";
  network: "none" | "full";
  approval: "untrusted" | "on-request" | "on-failure" | "never";
  /** Absolute writable roots besides the workspace. */
  writableRoots: readonly string[];
}

const SANDBOX_RANK = { "full-access": 0, "workspace-write": 1, "read-only": 2 } as const;
const NETWORK_RANK = { full: 0, none: 1 } as const;
// Same order as src/config/tighten.ts: on-failure lets the most through, never/untrusted the least.
const APPROVAL_RANK = { "on-failure": 0, "on-request": 1, never: 2, untrusted: 2 } as const;

/**
 * The stricter of parent and child for each permission: a definition never widens what its parent may do. Writable
 * roots are the child's that lie inside one of the parent's (a child that names none keeps the parent's).
 *
 * ```ts
 * narrowPermissions(parent, { sandbox: "full-access" }).sandbox; // parent's, if stricter
 * ```
 */
export function narrowPermissions(
  parent: PermissionSet,
  child: Partial<PermissionSet>,
  workspace: string = process.cwd(),
): PermissionSet {
  const pick = <K extends "sandbox" | "network" | "approval">(
    key: K,
    ranks: Record<string, number>,
  ): PermissionSet[K] => {
    const wanted = child[key];
    if (wanted === undefined) return parent[key];
    // Equal rank but different (never vs untrusted): keep the parent's, it was chosen by someone above.
    return ranks[wanted]! > ranks[parent[key]]! ? wanted : parent[key];
  };
  const roots =
    child.writableRoots === undefined
      ? parent.writableRoots
      : child.writableRoots
          .map((root) => resolve(workspace, root))
          .filter((root) => parent.writableRoots.some((p) => inside(root, p)));
  return {
    sandbox: pick("sandbox", SANDBOX_RANK),
    network: pick("network", NETWORK_RANK),
    approval: pick("approval", APPROVAL_RANK),
    writableRoots: roots,
  };
}

function inside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}
