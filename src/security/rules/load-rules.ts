import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { findProjectFile, projectRoot, trustOf } from "../../config/index.js";
import { RuleFileError } from "../errors/rule-file-error.js";
import type { PolicyRule } from "../types.js";
import { parseArtRules } from "./art-toml.js";
import { parseClaudeSettings } from "./claude.js";
import { parseCodexRules } from "./codex.js";

/** Rules read from files, with anything that was imported only approximately. */
export interface LoadedRules {
  rules: PolicyRule[];
  warnings: string[];
  /** The files that were read, in order. */
  files: string[];
}

/** The project root for `cwd`, the same one the config layer uses (see `projectRoot` in src/config). */
export { projectRoot };

/** The project layer's rule file: `<project root>/.art/rules.toml`. */
export function projectRulesFile(cwd: string): string {
  return path.join(projectRoot(cwd), ".art", "rules.toml");
}

/** The project layer's rule files for `cwd`, whether the user trusts the project, and what was ignored. */
export interface ProjectRuleLayer {
  files: string[];
  trusted: boolean;
  warnings: string[];
}

/**
 * Finds the project layer: `<project root>/.art/rules.toml` unless it is a symlink out of the project, and the
 * user's trust decision for that root (`art trust`, recorded under `$ART_HOME`). Without trust, only the layer's
 * `ask` and `forbid` rules apply.
 */
export function projectRuleLayer(cwd: string, artHome: string): ProjectRuleLayer {
  const root = projectRoot(cwd);
  const { trusted } = trustOf(artHome, root);
  const found = findProjectFile(root, path.join(".art", "rules.toml"));
  if (found.kind === "ignored")
    return { files: [], trusted, warnings: [`${found.path} ignored: ${found.why}.`] };
  if (found.kind === "absent") return { files: [], trusted, warnings: [] };
  // With the workspace at $HOME the project's .art is $ART_HOME: its rules are the user layer already.
  const userFile = path.join(artHome, "rules.toml");
  if (existsSync(userFile) && realpathSync(userFile) === realpathSync(found.path))
    return { files: [], trusted, warnings: [] };
  return { files: [found.path], trusted, warnings: [] };
}

/** The user layer's rule files: `$ART_HOME/rules.toml`, then every `*.toml` and Codex `*.rules` in `$ART_HOME/rules/`. */
export function userRuleFiles(artHome: string): string[] {
  const files = [path.join(artHome, "rules.toml")];
  const dir = path.join(artHome, "rules");
  if (existsSync(dir) && statSync(dir).isDirectory()) {
    for (const name of readdirSync(dir).sort())
      if (/\.(rules|toml)$/.test(name)) files.push(path.join(dir, name));
  }
  return files.filter((file) => existsSync(file));
}

/** The format a rule file is read in, by its name: `.rules` Codex, `.json` Claude settings, `.toml` ours. */
export function ruleFileFormat(file: string): "art" | "codex" | "claude" {
  if (file.endsWith(".rules")) return "codex";
  if (file.endsWith(".json")) return "claude";
  if (file.endsWith(".toml")) return "art";
  throw new RuleFileError(file, undefined, "unknown rule file type (expected .toml, .rules or .json)");
}

/** Reads one rule file in the format its name says. */
export function loadRuleFile(file: string): { rules: PolicyRule[]; warnings: string[] } {
  const format = ruleFileFormat(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new RuleFileError(
      file,
      undefined,
      `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      { cause: error },
    );
  }
  if (format === "codex") return { rules: parseCodexRules(text, file), warnings: [] };
  if (format === "claude") return parseClaudeSettings(text, file);
  return { rules: parseArtRules(text, file), warnings: [] };
}

/** Reads several rule files in order. */
export function loadRuleFiles(files: string[]): LoadedRules {
  const loaded: LoadedRules = { rules: [], warnings: [], files: [] };
  for (const file of files) {
    const { rules, warnings } = loadRuleFile(file);
    loaded.rules.push(...rules);
    loaded.warnings.push(...warnings);
    loaded.files.push(file);
  }
  return loaded;
}
