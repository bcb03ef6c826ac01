#!/usr/bin/env node
// Runs bench/<name>.ts (or every benchmark) with tsx. Each benchmark prints a table and, as its last line, one JSON
// object; that line is also saved to bench/results/<name>.json.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const available = readdirSync(path.join(root, "bench"))
  .filter((file) => file.endsWith(".ts") && !file.startsWith("_"))
  .map((file) => file.slice(0, -3));
const [name, ...rest] = process.argv.slice(2);
if (!name || (name !== "all" && !available.includes(name))) {
  console.error(`usage: npm run bench -- <${available.join("|")}|all> [args]`);
  process.exit(2);
}
for (const bench of name === "all" ? available : [name]) {
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", path.join(root, "bench", `${bench}.ts`), ...rest],
    {
      cwd: root,
      stdio: ["inherit", "pipe", "inherit"],
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  process.stdout.write(result.stdout);
  if (result.status !== 0) process.exit(result.status ?? 1);
  const last = result.stdout.trim().split("\n").at(-1) ?? "";
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  writeFileSync(path.join(root, "bench", "results", `${bench}.json`), `${last}\n`);
}
