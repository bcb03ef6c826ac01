import { execFile } from "node:child_process";

/**
 * Config every git run in a user's repository gets. Git runs these outside the sandbox, so nothing a repository's
 * config, hooks or the machine's git set-up names may run from them: no hooks (a `post-checkout` hook would run on
 * `worktree add`, `pre-commit` on `commit`), no fsmonitor command, no pager, no untracked cache written behind the
 * user's back, no signing program.
 */
export const USER_GIT_CONFIG: readonly string[] = [
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "core.pager=cat",
  "-c",
  "core.untrackedCache=false",
  "-c",
  "commit.gpgsign=false",
  "-c",
  "tag.gpgsign=false",
];

/**
 * The environment for git in a user's repository: the process's own, without any `GIT_*` variable (art started
 * from a git hook inherits `GIT_DIR` and `GIT_INDEX_FILE`, which would point our commands at the user's index),
 * without the system config, never prompting, in the C locale so messages parse the same everywhere.
 */
export function userGitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!key.startsWith("GIT_")) env[key] = value;
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_PAGER: "cat",
    GIT_OPTIONAL_LOCKS: "0",
    LC_ALL: "C",
  };
}

/** How one git run in a user's repository ended; a non-zero exit is a result, not an exception. */
export interface UserGitResult {
  /** Git's exit code; 2 when it could not run or its output outgrew the limit. */
  code: number;
  stdout: Buffer;
  stderr: string;
}

/** Options of {@link runUserGit}. */
export interface UserGitOptions {
  signal?: AbortSignal;
  /** Largest stdout accepted; more ends the run with code 2. Default 64 MiB. */
  maxBuffer?: number;
  /** More `-c key=value` pairs, after {@link USER_GIT_CONFIG}. */
  config?: readonly string[];
}

/**
 * Runs `git <args>` in `cwd` with {@link USER_GIT_CONFIG} and {@link userGitEnv}: the one way the runtime runs git
 * in a repository it does not own (sub-agent worktrees, batch worktrees, grep, the workspace index). The
 * checkpoint store's shadow repository has its own, stricter runner.
 *
 * @example
 * const { code, stdout } = await runUserGit(repo, ["rev-parse", "--show-toplevel"]);
 * if (code === 0) console.log(stdout.toString().trim());
 */
export function runUserGit(
  cwd: string,
  args: readonly string[],
  options: UserGitOptions = {},
): Promise<UserGitResult> {
  return new Promise((resolve) => {
    execFile(
      "git",
      [...USER_GIT_CONFIG, ...(options.config ?? []), ...args],
      {
        cwd,
        encoding: "buffer",
        maxBuffer: options.maxBuffer ?? 64 * 1024 * 1024,
        env: userGitEnv(),
        ...(options.signal ? { signal: options.signal } : {}),
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 2) : 0;
        const message = stderr.toString("utf8") || (error && code === 2 ? error.message : "");
        resolve({ code, stdout, stderr: message });
      },
    );
  });
}

/** The sub-command of a git argument list: the first word that is neither an option nor an option's value. */
function subcommand(args: readonly string[]): string {
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (["-C", "-c", "--git-dir", "--work-tree"].includes(arg)) index++;
    else if (!arg.startsWith("-")) return arg;
  }
  return args[0] ?? "";
}

/** A git command in a user's repository that failed; `stderr` holds what git said. */
export class UserGitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
  ) {
    super(`git ${subcommand(args)} failed: ${stderr.trim()}`);
    this.name = "UserGitError";
  }
}

/** {@link runUserGit} for commands whose output is text: resolves stdout, rejects with {@link UserGitError}. */
export async function userGitText(
  cwd: string,
  args: readonly string[],
  options: UserGitOptions = {},
): Promise<string> {
  const result = await runUserGit(cwd, args, options);
  if (result.code !== 0) throw new UserGitError(args, result.stderr || `exit code ${result.code}`);
  return result.stdout.toString("utf8");
}
