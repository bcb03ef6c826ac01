import { readFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { findGitRoot } from "../workspace/index.js";
import { InvalidConfigError } from "./invalid-config-error.js";

/** Keys a `config.toml` may hold; anything else is an error, so typos never pass silently. */
export const ConfigFile = z.strictObject({
  /** Default model spec. */
  model: z.string().min(1).optional(),
  /** Base URL for the model provider. */
  base_url: z.url().optional(),
  sandbox: z.enum(["read-only", "workspace-write", "full-access"]).optional(),
  network: z.enum(["none", "full"]).optional(),
  approval: z.enum(["untrusted", "on-request", "on-failure", "never"]).optional(),
  /** Extra writable directories (relative to the workspace). */
  writable_roots: z.array(z.string()).optional(),
  /** Extra system instructions. */
  instructions: z.string().optional(),
  /** Snapshot the workspace at every turn. */
  checkpoints: z.boolean().optional(),
  /** More exec-policy rule files: `.toml` (ours), `.rules` (Codex), `.json` (Claude Code settings). */
  rules: z.array(z.string()).optional(),
  /** Environment variables commands may see besides the safe defaults (`*` wildcards allowed). */
  env_allow: z.array(z.string()).optional(),
  /** Environment variables set for every command. */
  env_set: z.record(z.string(), z.string()).optional(),
  /** Run commands in a login shell (`bash -lc`, sourcing the user's profile) instead of `bash -c`. */
  login_shell: z.boolean().optional(),
});
export type ConfigFile = z.infer<typeof ConfigFile>;

async function readLayer(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new InvalidConfigError(file, `cannot be read (${(error as Error).message})`);
  }
  const { parse } = await import("smol-toml");
  let data: unknown;
  try {
    data = parse(text);
  } catch (error) {
    throw new InvalidConfigError(file, `is not valid TOML: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = ConfigFile.safeParse(data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) =>
      issue.code === "unrecognized_keys"
        ? `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((key) => `"${key}"`).join(", ")}`
        : `"${issue.path.join(".")}": ${issue.message}`,
    );
    throw new InvalidConfigError(file, problems.join("; "));
  }
  return parsed.data;
}

/**
 * The effective configuration: the user layer (`$ART_HOME/config.toml`) under the project layer
 * (`<repo>/.art/config.toml`, found from the git root of `cwd`). Command-line flags override both.
 */
export async function loadConfig(artHome: string, cwd: string): Promise<ConfigFile> {
  const user = await readLayer(path.join(artHome, "config.toml"));
  const root = findGitRoot(cwd) ?? cwd;
  const project = await readLayer(path.join(root, ".art", "config.toml"));
  return { ...user, ...project };
}
