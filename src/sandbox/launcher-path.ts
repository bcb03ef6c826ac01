import { accessSync, constants } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where `npm run build:native` leaves the launcher, relative to the package root. */
export const LAUNCHER_RELATIVE_PATH = "native/sandbox-linux/target/release/art-sandbox";

/** The platforms the published package carries a prebuilt launcher for, by Node's `process.arch`. */
export const PREBUILT_PLATFORMS: Readonly<Record<string, string>> = {
  x64: "linux-x64",
  arm64: "linux-arm64",
};

/** Where packing puts the prebuilt launcher of `platform` (e.g. `linux-x64`), relative to the package root. */
export function prebuiltRelativePath(platform: string): string {
  return `native/prebuilt/${platform}/art-sandbox`;
}

/** Where the launcher was found, or would be expected. */
export interface LauncherLocation {
  /** The binary's absolute path. */
  path: string;
  /** `env`: `$ART_SANDBOX_LAUNCHER`; `source`: a local `npm run build:native`; `prebuilt`: shipped in the package. */
  source: "env" | "source" | "prebuilt";
  /** Whether an executable file is there. */
  exists: boolean;
}

// Both `src/sandbox` and `dist/sandbox` sit two levels below the package root.
function packagePath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

/** The package root (where `package.json`, `scripts/` and `native/` are). */
export function packageRoot(): string {
  return packagePath("");
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds the launcher, in this order: `$ART_SANDBOX_LAUNCHER` (packagers who install it elsewhere; used even when
 * missing, so a wrong setting is reported rather than silently bypassed), then a launcher built from source in this
 * package (`npm run build:native`, so a developer's build wins over a packed one), then the prebuilt binary the
 * published package carries for this CPU (`native/prebuilt/linux-<arch>/art-sandbox`). When none exists, the
 * location reported is the prebuilt one where this platform has one, else the source build's.
 */
export function locateLauncher(
  env: NodeJS.ProcessEnv = process.env,
  arch: string = process.arch,
): LauncherLocation {
  const override = env.ART_SANDBOX_LAUNCHER;
  if (override) return { path: override, source: "env", exists: executable(override) };
  const built = packagePath(LAUNCHER_RELATIVE_PATH);
  if (executable(built)) return { path: built, source: "source", exists: true };
  const platform = PREBUILT_PLATFORMS[arch];
  if (platform) {
    const prebuilt = packagePath(prebuiltRelativePath(platform));
    return { path: prebuilt, source: "prebuilt", exists: executable(prebuilt) };
  }
  return { path: built, source: "source", exists: false };
}

/**
 * The command that builds the launcher from source where this package is installed. It names the package's own
 * script by absolute path, so it works from the consumer's project (where `npm run build:native` does not exist).
 */
export function buildLauncherCommand(): string {
  return `node ${JSON.stringify(path.join(packageRoot(), "scripts", "build-native.mjs"))}`;
}

/**
 * What to tell a user whose launcher is `missing` or `broken` (does not run, or answers in another version's words):
 * why, and the exact command that fixes it.
 */
export function launcherFixHint(
  state: "missing" | "broken",
  env: NodeJS.ProcessEnv = process.env,
  arch: string = process.arch,
): string {
  const override = env.ART_SANDBOX_LAUNCHER;
  if (override)
    return state === "missing"
      ? `ART_SANDBOX_LAUNCHER points at ${override}, which is not an executable file: fix or unset it.`
      : `ART_SANDBOX_LAUNCHER points at ${override}, which is not this version's launcher: fix or unset it.`;
  const build = `install a Rust toolchain (Debian/Ubuntu: apt-get install cargo rustc) and run: ${buildLauncherCommand()}`;
  const platform = PREBUILT_PLATFORMS[arch];
  if (!platform) return `No prebuilt launcher ships for linux-${arch}: ${build}`;
  return state === "missing"
    ? `The package's prebuilt ${platform} launcher is missing (installed from a source checkout, not a packed release?): reinstall agent-runtime from a packed release, or ${build}`
    : `Rebuild the launcher: ${build}`;
}
