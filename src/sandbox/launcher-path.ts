import { fileURLToPath } from "node:url";

/** Where `npm run build:native` leaves the launcher, relative to the package root. */
export const LAUNCHER_RELATIVE_PATH = "native/sandbox-linux/target/release/art-sandbox";

/**
 * The launcher binary: `$ART_SANDBOX_LAUNCHER` when set (packagers who install it elsewhere), else the build
 * output inside this package. Both `src/sandbox` and `dist/sandbox` sit two levels below the package root.
 */
export function launcherPath(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.ART_SANDBOX_LAUNCHER;
  if (override) return override;
  return fileURLToPath(new URL(`../../${LAUNCHER_RELATIVE_PATH}`, import.meta.url));
}
