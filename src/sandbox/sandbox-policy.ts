import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { InvalidInputError, NetworkMode, SandboxMode } from "../core/index.js";
import { BroadWorkspaceError, FORCE_BROAD_WORKSPACE_ENV } from "./broad-workspace-error.js";

export { SandboxMode };
/** Network access for a sandboxed command (the sandbox's name for core's {@link NetworkMode}). */
export const SandboxNetwork = NetworkMode;
export type SandboxNetwork = NetworkMode;

/** Default bound on processes and threads of one command (fork bombs). */
export const DEFAULT_PIDS_MAX = 4096;

/**
 * Paths under the home directory that hold credentials (keys, tokens, cookies); unreadable in every sandboxed mode
 * and, being denied, unwritable too. Extend with `deny_read` in `config.toml`; only the user's own config can make
 * one readable again (`allow_read`). `$ART_HOME` is always denied on top of these.
 */
export const DENIED_HOME_PATHS = [
  // keys and cloud, cluster and registry credentials
  ".ssh",
  ".aws",
  ".azure",
  ".config/gcloud",
  ".kube",
  ".docker",
  ".gnupg",
  ".password-store",
  ".vault-token",
  ".terraform.d/credentials.tfrc.json",
  // git and forge tokens
  ".git-credentials",
  ".config/git/credentials",
  ".config/gh",
  ".config/hub",
  ".config/glab-cli",
  // package registries
  ".netrc",
  ".npmrc",
  ".yarnrc.yml",
  ".pypirc",
  ".cargo/credentials",
  ".cargo/credentials.toml",
  ".gem/credentials",
  // databases
  ".pgpass",
  ".my.cnf",
  // keyrings and password managers
  ".local/share/keyrings",
  ".local/share/kwalletd",
  ".config/op",
  // browser profiles (cookies, saved passwords)
  ".mozilla",
  ".thunderbird",
  ".config/google-chrome",
  ".config/chromium",
  ".config/BraveSoftware",
  ".config/microsoft-edge",
  ".config/vivaldi",
  ".config/opera",
] as const;

/** Shell start-up files: writing one would run code in the user's next shell, outside the sandbox. */
export const SHELL_RC_FILES = [
  ".bashrc",
  ".bash_profile",
  ".bash_login",
  ".bash_logout",
  ".profile",
  ".zshrc",
  ".zshenv",
  ".zprofile",
  ".zlogin",
  ".zlogout",
] as const;

/**
 * Git's per-user configuration below the home directory: `core.fsmonitor` or an alias there would run code in
 * every repository. Protected like rc files whenever the home directory lies inside a writable root.
 */
export const GIT_USER_CONFIG = [".gitconfig", ".config/git"] as const;

/**
 * Paths kept read-only inside every writable root: git hooks and config run code or redirect git outside the
 * sandbox later, `.art/` holds the project's runtime configuration. The launcher adds, for every git directory it
 * finds in the writable roots when a command starts, everything but the entries `git add`/`commit`/`checkout`
 * write (objects, refs, logs, index, HEAD, …), see `docs/sandbox.md`.
 */
export const PROTECTED_IN_ROOTS = [
  ".git/hooks",
  ".git/config",
  ".gitmodules",
  ".art",
  ...SHELL_RC_FILES,
] as const;

/** What a caller decides about one session's sandbox. */
export interface SandboxSettings {
  /** What the command may change. */
  mode: SandboxMode;
  /** Network access. */
  network: "none" | "full";
  /** The workspace (absolute); writable in `workspace-write`. */
  workspace: string;
  /** Extra writable directories (absolute), from `--writable`. */
  writableRoots: string[];
  /** `$ART_HOME`; never readable by the command. */
  artHome: string;
  /**
   * A private per-session temp dir (absolute; it must exist, see `createSandboxTmpDir`), writable and exported as
   * TMPDIR. The shared /tmp stays read-only.
   */
  tmpDir: string;
  /** Home directory whose credential folders are denied; defaults to `os.homedir()`. */
  home?: string;
  /**
   * When set, reads are allowed only beneath these (plus the writable roots and the usual /dev nodes). Include the
   * system directories the command needs (`/usr`, `/lib`, `/etc`, …): shared libraries are read, too.
   */
  readableRoots?: string[];
  /** More paths to make unreadable. */
  denyRead?: string[];
  /**
   * Default denied paths to make readable again: each removes the entries of {@link DENIED_HOME_PATHS} equal to it
   * or beneath it. Only from the user's own configuration, never a project's. `$ART_HOME` stays denied.
   */
  allowRead?: string[];
  /** Bound on processes and threads; defaults to {@link DEFAULT_PIDS_MAX}; 0 disables it. */
  pidsMax?: number;
  /**
   * `cgroup.procs` files of the session's cgroups (see `SessionCgroup` in `src/exec/`): every command joins them,
   * so the session's memory, pids and cpu-weight limits bound all its commands together.
   */
  cgroupProcs?: string[];
  /** Refuse to run (instead of the Landlock + seccomp fallback) when namespaces are unavailable. */
  requireNamespaces?: boolean;
  /**
   * Accept `workspace-write` with a writable root that is `$HOME`, `/` or holds `$HOME` (refused otherwise with
   * {@link BroadWorkspaceError}); defaults to `ART_SANDBOX_FORCE_BROAD_WORKSPACE=1` in the environment.
   */
  allowBroadWorkspace?: boolean;
  /** `$XDG_CONFIG_HOME`, whose `git/` is protected like `~/.config/git`; defaults to the environment's. */
  xdgConfigHome?: string;
}

/** A resolved policy: every path absolute and normalised. Built by {@link buildSandboxPolicy}. */
export const SandboxPolicy = z.object({
  /** Schema version of this object. */
  version: z.literal(1),
  /** The mode it was built for. */
  mode: SandboxMode,
  /** Network access. */
  network: SandboxNetwork,
  /** The workspace. */
  workspace: z.string(),
  /** Where writes may happen (empty for full-access, which is not sandboxed). */
  writableRoots: z.array(z.string()),
  /** Read allow-list, or null for "everything not denied". */
  readableRoots: z.array(z.string()).nullable(),
  /** Unreadable paths. */
  denyRead: z.array(z.string()),
  /** Read-only paths inside writable roots (enforced by the mount namespace). */
  protectedPaths: z.array(z.string()),
  /** The private temp dir, exported as TMPDIR. */
  tmpDir: z.string(),
  /** Bound on processes and threads; 0 = none. */
  pidsMax: z.number().int().nonnegative(),
  /** The session's cgroups' `cgroup.procs` files, joined by every command (empty: no session limits). */
  cgroupProcs: z.array(z.string()).optional(),
  /** Refuse when namespaces are unavailable. */
  requireNamespaces: z.boolean(),
});
export type SandboxPolicy = z.infer<typeof SandboxPolicy>;

function absolute(value: string, what: string): string {
  if (typeof value !== "string" || !path.isAbsolute(value) || value.includes("\0"))
    throw new InvalidInputError(
      `The sandbox's ${what} must be an absolute path, got ${JSON.stringify(value)}.`,
    );
  return path.resolve(value);
}

function within(parent: string, child: string): boolean {
  return child === parent || child.startsWith(parent.endsWith("/") ? parent : `${parent}/`);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function refuseBroadRoots(roots: string[], home: string, settings: SandboxSettings): void {
  const allowed = settings.allowBroadWorkspace ?? process.env[FORCE_BROAD_WORKSPACE_ENV] === "1";
  const broad = roots.find((root) => root === "/" || within(root, home));
  if (broad !== undefined && !allowed) throw new BroadWorkspaceError(broad, home);
}

/**
 * Resolves settings into the policy the launcher enforces. Touches no files. Throws {@link BroadWorkspaceError} for
 * `workspace-write` on `$HOME` or `/` unless allowed, `InvalidInputError` for malformed settings.
 */
export function buildSandboxPolicy(settings: SandboxSettings): SandboxPolicy {
  const mode = SandboxMode.parse(settings.mode);
  const network = SandboxNetwork.parse(settings.network);
  const workspace = absolute(settings.workspace, "workspace");
  const tmpDir = absolute(settings.tmpDir, "temp dir");
  const artHome = absolute(settings.artHome, "ART_HOME");
  const home = absolute(settings.home ?? os.homedir(), "home directory");
  const extra = settings.writableRoots.map((root) => absolute(root, "writable root"));
  const pidsMax = settings.pidsMax ?? DEFAULT_PIDS_MAX;
  if (!Number.isInteger(pidsMax) || pidsMax < 0)
    throw new InvalidInputError(`pidsMax must be a non-negative integer, got ${pidsMax}.`);

  const writableRoots =
    mode === "full-access" ? [] : mode === "read-only" ? [tmpDir] : unique([workspace, ...extra, tmpDir]);
  const userRoots = writableRoots.filter((root) => root !== tmpDir);
  if (mode === "workspace-write") refuseBroadRoots(userRoots, home, settings);
  const xdgConfigHome = settings.xdgConfigHome ?? process.env.XDG_CONFIG_HOME;
  const homeInRoots = userRoots.some((root) => within(root, home));
  // A denied path that holds the workspace or a writable root cannot be hidden without hiding them.
  const allowRead = (settings.allowRead ?? []).map((entry) => absolute(entry, "allowed path"));
  const denyRead = unique([
    ...DENIED_HOME_PATHS.map((name) => path.join(home, name)).filter(
      (denied) => !allowRead.some((allowed) => within(allowed, denied)),
    ),
    artHome,
    ...(settings.denyRead ?? []).map((entry) => absolute(entry, "denied path")),
  ]).filter((denied) => !writableRoots.some((root) => within(denied, root)) && !within(denied, workspace));
  const protectedPaths = unique([
    ...userRoots.flatMap((root) => PROTECTED_IN_ROOTS.map((name) => path.join(root, name))),
    ...(homeInRoots ? [...SHELL_RC_FILES, ...GIT_USER_CONFIG].map((name) => path.join(home, name)) : []),
    ...(xdgConfigHome &&
    path.isAbsolute(xdgConfigHome) &&
    userRoots.some((root) => within(root, xdgConfigHome))
      ? [path.join(path.resolve(xdgConfigHome), "git")]
      : []),
  ]);
  return {
    version: 1,
    mode,
    network,
    workspace,
    writableRoots,
    readableRoots: settings.readableRoots
      ? unique(settings.readableRoots.map((root) => absolute(root, "readable root")))
      : null,
    denyRead,
    protectedPaths,
    tmpDir,
    pidsMax,
    ...(settings.cgroupProcs?.length
      ? { cgroupProcs: settings.cgroupProcs.map((file) => absolute(file, "session cgroup")) }
      : {}),
    requireNamespaces: settings.requireNamespaces ?? false,
  };
}
