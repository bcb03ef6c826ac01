import { realpathSync } from "node:fs";
import path from "node:path";
import { type ConfigFile, readConfigLayer } from "./config-file.js";
import { findProjectFile } from "./project-file.js";
import { projectRoot } from "./project-root.js";
import { tightenOnly } from "./tighten.js";
import { trustOf } from "./trust-store.js";

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/**
 * The project layer over the user layer. Denied reads only grow across layers, and only the user may give a
 * default one back (`allow_read` in a project layer is ignored even when the project is trusted).
 */
function mergeLayers(user: ConfigFile, project: ConfigFile): ConfigFile {
  // `limits` is the user's alone: a cloned repository must not raise how many processes or requests we make.
  const { allow_read: _ignored, limits: _userOnly, ...rest } = project;
  const denyRead = [...(user.deny_read ?? []), ...(project.deny_read ?? [])];
  // MCP servers merge by name: a project adds its own without dropping the user's.
  const mcpServers = { ...(user.mcp_servers ?? {}), ...(project.mcp_servers ?? {}) };
  return {
    ...user,
    ...rest,
    ...(denyRead.length ? { deny_read: denyRead } : {}),
    ...(Object.keys(mcpServers).length ? { mcp_servers: mcpServers } : {}),
  };
}

/** The effective configuration and how it came about. */
export interface LoadedConfig {
  config: ConfigFile;
  /** The project root the project layer was looked for in (see `projectRoot`). */
  projectRoot: string;
  /** Whether the user trusts that project (`art trust`). */
  trusted: boolean;
  /** What of the project layer was ignored, naming the file and key; print them once per session. */
  warnings: string[];
}

/**
 * The effective configuration: the user layer (`$ART_HOME/config.toml`) under the project layer
 * (`<project root>/.art/config.toml`). An untrusted project's layer can only tighten the session (stricter
 * sandbox, network, approval); every key it sets that would loosen it is ignored with a warning. Command-line
 * flags override both.
 */
export async function loadEffectiveConfig(artHome: string, cwd: string): Promise<LoadedConfig> {
  const user = await readConfigLayer(path.join(artHome, "config.toml"));
  const root = projectRoot(cwd);
  const trust = trustOf(artHome, root);
  const warnings: string[] = [];
  if (trust.replaced)
    warnings.push(
      `${root} was trusted, but the directory there has been replaced since; it is not trusted now. Run "art trust ${root}" if it is yours.`,
    );
  const found = findProjectFile(root, path.join(".art", "config.toml"));
  // $ART_HOME/config.toml is the user layer; with the workspace at $HOME it must not count twice.
  if (
    found.kind === "absent" ||
    (found.kind === "file" && sameFile(found.path, path.join(artHome, "config.toml")))
  )
    return { config: user, projectRoot: root, trusted: trust.trusted, warnings };
  if (found.kind === "ignored") {
    warnings.push(`${found.path} ignored: ${found.why}.`);
    return { config: user, projectRoot: root, trusted: trust.trusted, warnings };
  }
  const project = await readConfigLayer(found.path);
  if (trust.trusted)
    return { config: mergeLayers(user, project), projectRoot: root, trusted: true, warnings };
  const tightened = tightenOnly(user, project, found.path);
  return {
    config: mergeLayers(user, tightened.config),
    projectRoot: root,
    trusted: false,
    warnings: [...warnings, ...tightened.warnings],
  };
}

/** {@link loadEffectiveConfig}'s configuration alone. */
export async function loadConfig(artHome: string, cwd: string): Promise<ConfigFile> {
  return (await loadEffectiveConfig(artHome, cwd)).config;
}
