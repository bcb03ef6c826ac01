#!/usr/bin/env node
// Builds the sandbox launcher for every platform the published package supports and puts each binary at
// native/prebuilt/<platform>/art-sandbox, where src/sandbox/launcher-path.ts finds it in an installed package (so a
// consumer needs no Rust toolchain). Runs as `prepack`: `npm pack` and `npm publish` ship what it leaves.
//
// linux-x64 is required: packing fails without it. linux-arm64 is cross-built with Debian's toolchain
// (rustc + libstd-rust-dev:arm64 + gcc-aarch64-linux-gnu, see .ci/run); without it packing warns loudly, and fails
// when ART_PACK_REQUIRE_ALL=1 (CI) or when publishing, so no release goes out without it.
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const crate = path.join(root, "native", "sandbox-linux");
const targetDir = path.join(crate, "target");
const prebuiltDir = path.join(root, "native", "prebuilt");

/** The platforms we ship: Rust target triple, the ELF e_machine a binary for it carries, the cross linker. */
const PLATFORMS = [
  {
    name: "linux-x64",
    triple: "x86_64-unknown-linux-gnu",
    machine: 62,
    nodeArch: "x64",
    linker: "x86_64-linux-gnu-gcc",
  },
  {
    name: "linux-arm64",
    triple: "aarch64-unknown-linux-gnu",
    machine: 183,
    nodeArch: "arm64",
    linker: "aarch64-linux-gnu-gcc",
  },
];

const requireAll = process.env.ART_PACK_REQUIRE_ALL === "1" || process.env.npm_command === "publish";

function note(message) {
  process.stderr.write(`pack-native: ${message}\n`);
}

function output(command, args, env) {
  const result = spawnSync(command, args, { encoding: "utf8", env });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The ELF machine number of `file`, or undefined when it is not an ELF file. */
function elfMachine(file) {
  const header = Buffer.alloc(20);
  const fd = openSync(file, "r");
  try {
    if (readSync(fd, header, 0, 20, 0) < 20) return undefined;
  } finally {
    closeSync(fd);
  }
  if (header.readUInt32BE(0) !== 0x7f454c46) return undefined;
  return header.readUInt16LE(18);
}

/**
 * Rust toolchains to try, in order: rustup's (on PATH or in ~/.cargo/bin), then Debian's. A toolchain can build a
 * target when its sysroot holds that target's standard library.
 */
function toolchains() {
  const home = path.join(os.homedir(), ".cargo", "bin");
  const found = [];
  for (const [cargo, rustc] of [
    ["cargo", "rustc"],
    [path.join(home, "cargo"), path.join(home, "rustc")],
    ["/usr/bin/cargo", "/usr/bin/rustc"],
  ]) {
    const sysroot = output(rustc, ["--print", "sysroot"]);
    const version = output(rustc, ["--version"]);
    if (sysroot && version && output(cargo, ["--version"])) found.push({ cargo, rustc, sysroot, version });
  }
  return found;
}

function build(platform, available) {
  const toolchain = available.find((candidate) =>
    existsSync(path.join(candidate.sysroot, "lib", "rustlib", platform.triple, "lib")),
  );
  if (!toolchain) return `no Rust toolchain here has the ${platform.triple} standard library`;
  const native = process.arch === platform.nodeArch;
  const env = { ...process.env, CARGO_TARGET_DIR: targetDir, RUSTC: toolchain.rustc };
  if (!native) {
    if (!output(platform.linker, ["--version"]))
      return `the cross linker ${platform.linker} is not installed`;
    env[`CARGO_TARGET_${platform.triple.toUpperCase().replaceAll("-", "_")}_LINKER`] = platform.linker;
  }
  note(`building ${platform.name} with ${toolchain.version}`);
  const result = spawnSync(
    toolchain.cargo,
    ["build", "--release", "--offline", "--locked", "--target", platform.triple],
    { cwd: crate, env, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (result.status !== 0) return `cargo build failed (exit ${result.status ?? result.signal})`;
  const binary = path.join(targetDir, platform.triple, "release", "art-sandbox");
  const machine = existsSync(binary) ? elfMachine(binary) : undefined;
  if (machine !== platform.machine)
    return `the build left ${binary} ${machine === undefined ? "missing or not an ELF file" : `for ELF machine ${machine}`}`;
  if (native) {
    const version = output(binary, ["--version"]);
    if (!version) return `the built launcher does not run (${binary} --version)`;
  }
  const destination = path.join(prebuiltDir, platform.name, "art-sandbox");
  mkdirSync(path.dirname(destination), { recursive: true });
  copyFileSync(binary, destination);
  chmodSync(destination, 0o755);
  note(`ok: ${path.relative(root, destination)}`);
  return undefined;
}

if (process.platform !== "linux") {
  note(`the launchers are cross-built on Linux only (this is ${process.platform}); nothing was packed.`);
  process.exit(1);
}
// A binary left from an earlier pack must never ship beside newer sources.
rmSync(prebuiltDir, { recursive: true, force: true });
const available = toolchains();
const failures = [];
for (const platform of PLATFORMS) {
  const problem = build(platform, available);
  if (problem) failures.push({ platform, problem });
}
for (const { platform, problem } of failures) note(`${platform.name}: NOT PACKED: ${problem}`);
const fatal = failures.filter(({ platform }) => platform.name === "linux-x64" || requireAll);
if (failures.length > 0) {
  note(
    "To cross-build linux-arm64 on Debian/Ubuntu: dpkg --add-architecture arm64 && apt-get update && " +
      "apt-get install rustc cargo gcc-aarch64-linux-gnu libstd-rust-dev:arm64",
  );
}
if (fatal.length > 0) {
  note("packing stopped: the package would not run its sandbox where it is installed.");
  process.exit(1);
}
if (failures.length > 0)
  note("WARNING: this package lacks the launchers above; set ART_PACK_REQUIRE_ALL=1 to make that an error.");
