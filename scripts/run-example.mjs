#!/usr/bin/env node
// Runs the bundled example end to end: copies examples/buggy-calculator to a temp dir and lets the scripted model
// fix its failing test through `art exec`. Extra arguments go to `art exec` (e.g. --json).
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const workspace = mkdtempSync(path.join(tmpdir(), "art-example-"));
cpSync(path.join(root, "examples", "buggy-calculator"), workspace, { recursive: true });
console.error(`Workspace: ${workspace}`);
const script = path.join(root, "examples", "scripts", "buggy-calculator.json");
const result = spawnSync(
  process.execPath,
  [
    path.join(root, "bin", "art"),
    "exec",
    "--model",
    `scripted:${script}`,
    "--cwd",
    workspace,
    ...process.argv.slice(2),
    "Fix the failing test",
  ],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
