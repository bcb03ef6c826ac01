#!/usr/bin/env node
// Builds the Linux sandbox launcher (native/sandbox-linux, no crate dependencies) offline with cargo and leaves it
// at native/sandbox-linux/target/release/art-sandbox, where src/sandbox looks for it. Without a Rust toolchain it
// prints a note and exits 0: the install still succeeds, and sandboxed modes are refused with an error naming the
// fix (fail closed). A toolchain that is present but fails to build the crate is an error (exit 1).
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const crate = path.join(root, "native", "sandbox-linux");
const targetDir = path.join(crate, "target");
const binary = path.join(targetDir, "release", "art-sandbox");
// This script also ships in the package, where `npm run build:native` does not exist: name it by its own path.
const FIX = `Install a Rust toolchain (Debian/Ubuntu: apt-get install cargo rustc; or rustup) and run: node ${JSON.stringify(fileURLToPath(import.meta.url))}`;

function note(message) {
  process.stderr.write(`build-native: ${message}\n`);
}

function runs(command) {
  const result = spawnSync(command, ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

if (process.platform !== "linux") {
  note(
    `skipped: the sandbox launcher is Linux-only (this is ${process.platform}); sandboxed modes will be refused.`,
  );
  process.exit(0);
}

// PATH first, then the usual rustup location, then Debian's packaged cargo.
const candidates = ["cargo", path.join(os.homedir(), ".cargo", "bin", "cargo"), "/usr/bin/cargo"];
let cargo;
let version;
for (const candidate of candidates) {
  version = runs(candidate);
  if (version) {
    cargo = candidate;
    break;
  }
}
if (!cargo) {
  note("no cargo found, so the sandbox launcher was not built.");
  note(`Sandboxed modes (read-only, workspace-write) will refuse to run until it is. ${FIX}`);
  process.exit(0);
}

note(`building the sandbox launcher with ${version}`);
const cargoDir = path.dirname(cargo);
const env = { ...process.env, CARGO_TARGET_DIR: targetDir };
// Let a rustup/Debian cargo find its own rustc even when that directory is not on PATH.
if (path.isAbsolute(cargo)) env.PATH = `${cargoDir}${path.delimiter}${process.env.PATH ?? ""}`;
const build = spawnSync(cargo, ["build", "--release", "--offline", "--locked"], {
  cwd: crate,
  env,
  stdio: "inherit",
});
if (build.status !== 0) {
  note(
    `cargo build failed (exit ${build.status ?? build.signal}); the launcher is not usable. Fix the error above and rerun.`,
  );
  process.exit(1);
}
try {
  accessSync(binary, constants.X_OK);
} catch {
  note(`cargo succeeded but ${binary} is missing.`);
  process.exit(1);
}
const check = spawnSync(binary, ["--version"], { encoding: "utf8" });
if (check.status !== 0) {
  note(`the built launcher does not run: ${check.stderr || check.error?.message}`);
  process.exit(1);
}
note(`ok: ${path.relative(root, binary)} (${check.stdout.trim()})`);
