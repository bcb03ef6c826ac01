import path from "node:path";

/**
 * Where credentials usually live, relative to a home directory. Reading them (or searching a directory that
 * holds them) is never a "safe read": a token printed to the model is a token leaked.
 */
export const CREDENTIAL_STORES = [
  ".ssh",
  ".aws",
  ".azure",
  ".config/gcloud",
  ".config/gh",
  ".config/hub",
  ".config/op",
  ".config/git/credentials",
  ".git-credentials",
  ".netrc",
  ".npmrc",
  ".yarnrc",
  ".pypirc",
  ".pgpass",
  ".docker/config.json",
  ".kube",
  ".gnupg",
  ".password-store",
  ".local/share/keyrings",
  ".mozilla",
  ".thunderbird",
  ".config/google-chrome",
  ".config/chromium",
  ".config/BraveSoftware",
  ".cargo/credentials",
  ".cargo/credentials.toml",
  ".gem/credentials",
  ".vault-token",
  ".terraform.d/credentials.tfrc.json",
  ".art",
  // The rest of the sandbox's DENIED_HOME_PATHS: a full-access session must ask where the sandbox would deny.
  ".yarnrc.yml",
  ".my.cnf",
  ".config/glab-cli",
  ".local/share/kwalletd",
  ".config/microsoft-edge",
  ".config/vivaldi",
  ".config/opera",
] as const;

/** The home directory a path is in (the user's, `/root`, `/home/<name>`, `~name`), and the rest of it. */
function splitHome(absolute: string, home: string | undefined): { home: string; rest: string } | undefined {
  const candidates = [home, "/root"].filter((value): value is string => Boolean(value));
  for (const candidate of candidates) {
    if (absolute === candidate) return { home: candidate, rest: "" };
    if (absolute.startsWith(`${candidate}/`))
      return { home: candidate, rest: absolute.slice(candidate.length + 1) };
  }
  const other = /^(\/home\/[^/]+|~[^/]*)(?:\/(.*))?$/.exec(absolute);
  return other ? { home: other[1]!, rest: other[2] ?? "" } : undefined;
}

/**
 * Whether reading `absolute` reads a credential store: the path is in one, or (when the reader walks directories)
 * holds one — `~`, `~/.config`, `/home`, `/`. `artHome` counts as a store too.
 */
export function readsCredentialStore(
  absolute: string,
  options: { home: string | undefined; artHome?: string | undefined; recursive: boolean },
): boolean {
  const normal = absolute.startsWith("~")
    ? absolute.replace(/\/+$/, "")
    : path.posix.normalize(absolute).replace(/(.)\/+$/, "$1");
  const stores = options.artHome ? [path.posix.normalize(options.artHome)] : [];
  if (stores.some((store) => normal === store || normal.startsWith(`${store}/`))) return true;
  if (options.recursive && stores.some((store) => store.startsWith(`${normal === "/" ? "" : normal}/`)))
    return true;
  if (options.recursive && (normal === "/" || normal === "/home")) return true;
  const split = splitHome(normal, options.home);
  if (!split) return false;
  const { rest } = split;
  return CREDENTIAL_STORES.some(
    (store) =>
      rest === store ||
      rest.startsWith(`${store}/`) ||
      (options.recursive && (rest === "" || store.startsWith(`${rest}/`))),
  );
}
