import { readFileSync } from "node:fs";
import type { RuleFileSnapshot } from "../core/index.js";
import {
  type PolicyRule,
  parseArtRules,
  parseClaudeSettings,
  parseCodexRules,
  projectRoot,
  projectRuleLayer,
  RuleFileError,
  ruleFileFormat,
  sha256Hex,
  userRuleFiles,
} from "../security/index.js";
import { isInsideReal } from "../workspace/index.js";

/** Rules parsed from journaled rule files, with anything that was imported only approximately. */
export interface SnapshotRules {
  rules: PolicyRule[];
  warnings: string[];
}

function parseSnapshot(snapshot: RuleFileSnapshot): { rules: PolicyRule[]; warnings: string[] } {
  const format = ruleFileFormat(snapshot.path);
  if (format === "codex") return { rules: parseCodexRules(snapshot.content, snapshot.path), warnings: [] };
  if (format === "claude") return parseClaudeSettings(snapshot.content, snapshot.path);
  return { rules: parseArtRules(snapshot.content, snapshot.path), warnings: [] };
}

/**
 * Reads rule files into snapshots for the journal, checking that each parses, so a broken file fails before a
 * session starts (or a settings change is journaled) rather than in the middle of one.
 */
export function readRuleFiles(
  files: readonly string[],
  layer: RuleFileSnapshot["layer"],
  allows: (file: string) => boolean = () => true,
): RuleFileSnapshot[] {
  return files.map((file) => {
    let content: string;
    try {
      content = readFileSync(file, "utf8");
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new RuleFileError(file, undefined, `cannot read: ${reason}`, { cause: error });
    }
    const snapshot: RuleFileSnapshot = {
      path: file,
      layer,
      sha256: sha256Hex(content),
      content,
      ...(allows(file) ? {} : { allow: false }),
    };
    parseSnapshot(snapshot);
    return snapshot;
  });
}

/** Every rule layer a new session in `cwd` is governed by: user, then project, then `extra` files, in order. */
export function snapshotRuleLayers(options: {
  cwd: string;
  artHome: string;
  extra: readonly string[];
}): RuleFileSnapshot[] {
  // An untrusted project may tighten, never loosen: the allow rules of its own rule file, and of any named rule
  // file that lies inside it (a relative `rules` entry, `--rules .claude/settings.json`), do not apply.
  const project = projectRuleLayer(options.cwd, options.artHome);
  const root = projectRoot(options.cwd);
  const inProject = (file: string) => isInsideReal(root, file) && !isInsideReal(options.artHome, file);
  return [
    ...readRuleFiles(userRuleFiles(options.artHome), "user"),
    ...readRuleFiles(project.files, "project", () => project.trusted),
    ...readRuleFiles(options.extra, "extra", (file) => project.trusted || !inProject(file)),
  ];
}

/** The rules of journaled snapshots, parsed from their journaled text (never from the files as they are now). */
export function rulesFromSnapshots(snapshots: readonly RuleFileSnapshot[]): SnapshotRules {
  const loaded: SnapshotRules = { rules: [], warnings: [] };
  for (const snapshot of snapshots) {
    const { rules, warnings } = parseSnapshot(snapshot);
    if (snapshot.allow === false) {
      const ignored = rules.filter((rule) => rule.decision === "allow").length;
      if (ignored > 0)
        loaded.warnings.push(
          `${snapshot.path}: ${ignored} allow rule(s) ignored because the project is not trusted; run "art trust" in the project to apply them`,
        );
      loaded.rules.push(...rules.filter((rule) => rule.decision !== "allow"));
    } else loaded.rules.push(...rules);
    loaded.warnings.push(...warnings);
  }
  return loaded;
}
