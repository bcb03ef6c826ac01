// The test world the file-tool adversarial suites share: a fake home with a key and an ART_HOME database, a
// workspace and an outside folder under one root, and a way to call a tool under the session's sandbox policy.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { tempDir, writeTree } from "../../../test/support/temp-workspace.js";
import { toolContext } from "../../../test/support/tool-context.js";
import { buildSandboxPolicy, type SandboxMode } from "../../sandbox/index.js";
import { filePolicyFrom } from "../file-policy-of.js";
import { normalizeResult, ToolRegistry } from "../index.js";
import { applyPatchTool } from "./apply-patch.js";
import { coreTools } from "./index.js";

const registry = new ToolRegistry([...coreTools(), applyPatchTool]);

/** Where a file-tool attack plays out. */
export interface World {
  root: string;
  home: string;
  artHome: string;
  workspace: string;
  outside: string;
  /** Written into the key, the database and the outside file: it must never come back. */
  secret: string;
}

/** A fresh world; with `workspaceIsHome`, the workspace is the home itself. */
export function world(options: { workspaceIsHome?: boolean; prefix?: string } = {}): World {
  const root = tempDir(options.prefix ?? "art-files-");
  const home = path.join(root, "home");
  const secret = `SECRET-${path.basename(root)}`;
  writeTree(home, { ".ssh/id_ed25519": `${secret}\n`, ".art/art.db": `${secret}\n`, ".bashrc": "# rc\n" });
  const workspace = options.workspaceIsHome ? home : path.join(root, "workspace");
  mkdirSync(workspace, { recursive: true });
  const outside = path.join(root, "outside");
  writeTree(outside, { "file.txt": `${secret}\n` });
  return { root, home, artHome: path.join(home, ".art"), workspace, outside, secret };
}

/** Calls tool `name` as a session of `w` would (its policy in the context); errors become a failed result. */
export async function call(w: World, name: string, args: unknown, mode: SandboxMode = "workspace-write") {
  const policy = buildSandboxPolicy({
    mode,
    network: "none",
    workspace: w.workspace,
    writableRoots: [],
    artHome: w.artHome,
    tmpDir: tempDir("art-files-tmp-"),
    home: w.home,
    // The $HOME-as-workspace cases are what a user gets by forcing it; the file tools must still hold there.
    allowBroadWorkspace: true,
  });
  const context = toolContext(w.workspace, { files: filePolicyFrom(policy, w.home) });
  const { tool, args: parsed } = await registry.resolve(name, JSON.stringify(args));
  try {
    const result = normalizeResult(tool.name, await tool.execute(parsed, context));
    return { ok: result.ok ?? true, output: result.output, code: undefined as string | undefined };
  } catch (error) {
    const typed = error as { code?: string; message: string };
    return { ok: false, output: typed.message, code: typed.code };
  }
}
