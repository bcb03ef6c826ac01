import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Set to 1 (CI does, in .ci/run) to make missing shared fixtures a failure instead of a skip. */
export const REQUIRE_SHARED_FIXTURES_ENV = "ART_REQUIRE_SHARED_FIXTURES";
/** Where the shared fixtures are; default `../shared/fixtures` beside the repository (overridable for tests). */
export const SHARED_FIXTURES_DIR_ENV = "ART_SHARED_FIXTURES_DIR";

/** A set of conformance fixtures that lives outside the repository. */
export interface SharedFixtures {
  /** Absolute path of the fixture set. */
  dir: string;
  /** Whether it exists here. */
  present: boolean;
  /** Whether its absence must fail the run (CI) rather than skip the tests that need it. */
  required: boolean;
  /** Why the tests are skipped (or fail), when the set is absent. */
  missing: string;
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Finds `relative` under the shared fixtures directory. A fresh clone has no `../shared`, so its tests skip and say
 * so on stderr; with {@link REQUIRE_SHARED_FIXTURES_ENV} set they fail instead, so CI never skips them silently.
 */
export function sharedFixtures(relative: string, env: NodeJS.ProcessEnv = process.env): SharedFixtures {
  const root = env[SHARED_FIXTURES_DIR_ENV] || path.resolve(repo, "../shared/fixtures");
  const dir = path.resolve(root, relative);
  const present = existsSync(dir);
  const required = env[REQUIRE_SHARED_FIXTURES_ENV] === "1";
  const missing = `${dir} is absent: these fixtures live outside the repository (../shared/fixtures, beside the clone)`;
  if (!present)
    process.stderr.write(
      required
        ? `FAILING (${REQUIRE_SHARED_FIXTURES_ENV}=1): ${missing}.\n`
        : `SKIPPED: ${missing}. Check them out there to run these tests; CI sets ${REQUIRE_SHARED_FIXTURES_ENV}=1 to require them.\n`,
    );
  return { dir, present, required, missing };
}
