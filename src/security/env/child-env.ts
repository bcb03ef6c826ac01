import { isSecretName } from "./secret-names.js";

/** Variables every command gets from the parent when set: what programs need to find things and print. */
const BASE = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "TERM",
  "COLORTERM",
  "NO_COLOR",
  "TZ",
  "TMPDIR",
  "TMP",
  "TEMP",
];

/** Options for {@link buildChildEnv}. */
export interface ChildEnvOptions {
  /**
   * More variables to pass from the parent: names, or patterns with `*` (`NODE_*`). A secret-looking variable
   * passes only when named exactly, never through a pattern.
   */
  allow?: string[];
  /** Variables to set, whatever the parent has (configured values; may be secret). */
  set?: Record<string, string>;
}

/** The child environment and what was held back. */
export interface ChildEnv {
  env: Record<string, string>;
  /** Names of secret-looking parent variables that a pattern or the base list would have passed but did not. */
  withheld: string[];
}

function patternToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
}

/** Keeps only absolute directories: an empty or relative PATH entry would run programs from the workspace. */
function cleanPath(value: string): string {
  return value
    .split(":")
    .filter((entry) => entry.startsWith("/"))
    .join(":");
}

/**
 * Builds a clean environment for a command: the base variables (PATH, HOME, USER, SHELL, LANG, LC_*, TERM, TZ,
 * TMPDIR, ...), those `allow`ed, then `set`. Variables whose names look like secrets (`*KEY*`, `*TOKEN*`,
 * `*SECRET*`, `*PASSWORD*`, ...) are withheld unless `allow` names them exactly or `set` sets them.
 */
export function buildChildEnv(
  parentEnv: NodeJS.ProcessEnv,
  options: ChildEnvOptions = {},
): Record<string, string> {
  return buildChildEnvDetailed(parentEnv, options).env;
}

/** {@link buildChildEnv}, also saying which secret-looking variables were held back. */
export function buildChildEnvDetailed(parentEnv: NodeJS.ProcessEnv, options: ChildEnvOptions = {}): ChildEnv {
  const exact = new Set([...BASE, ...(options.allow ?? []).filter((name) => !name.includes("*"))]);
  const patterns = [
    /^LC_[A-Z_]+$/,
    ...(options.allow ?? []).filter((name) => name.includes("*")).map(patternToRegExp),
  ];
  const explicit = new Set((options.allow ?? []).filter((name) => !name.includes("*")));
  const env: Record<string, string> = {};
  const withheld: string[] = [];
  for (const [name, value] of Object.entries(parentEnv)) {
    if (value === undefined) continue;
    const wanted = exact.has(name) || patterns.some((pattern) => pattern.test(name));
    if (!wanted) continue;
    if (isSecretName(name) && !explicit.has(name)) {
      withheld.push(name);
      continue;
    }
    env[name] = name === "PATH" ? cleanPath(value) : value;
  }
  Object.assign(env, options.set ?? {});
  return { env, withheld: withheld.sort() };
}
