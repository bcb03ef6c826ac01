import { spawn } from "node:child_process";
import { CheckpointGitError } from "./errors/checkpoint-git-error.js";
import { GitUnavailableError } from "./errors/git-unavailable-error.js";

/** Where a git command runs: the shadow git dir, the workspace as its work tree, and the index to use. */
export interface GitLocation {
  gitDir: string;
  workTree: string;
  indexFile: string;
}

/** Options for one git invocation. */
export interface GitRunOptions {
  /** Bytes written to git's stdin, which is then closed. */
  input?: string | Buffer;
  /** Streams stdin instead of `input`, with backpressure; stdin is closed when it resolves. */
  feed?: (stdin: import("node:stream").Writable) => Promise<void>;
  /** Extra environment variables (after isolation), e.g. author dates. */
  env?: Record<string, string>;
  /** Overrides for the location (another index, another work tree). */
  location?: Partial<GitLocation>;
  /** Exit codes that are not failures. Default `[0]`. */
  okCodes?: readonly number[];
  /** Stop reading stdout after this many bytes and stop git; the result says `truncated`. */
  maxStdoutBytes?: number;
  /** Kills git when it fires. */
  signal?: AbortSignal;
  /** Kills git after this long. */
  timeoutMs?: number;
  /** Run without a work tree and index (git init, gc, ref commands). */
  noWorkTree?: boolean;
}

/** What a git invocation produced. */
export interface GitResult {
  stdout: Buffer;
  stderr: string;
  exitCode: number;
  /** True when stdout was cut at `maxStdoutBytes`. */
  truncated: boolean;
}

/** Ignored where the C library is not glibc. */
const MALLOC_TUNABLES = "glibc.malloc.top_pad=67108864:glibc.malloc.trim_threshold=268435456";

/**
 * The environment every shadow-repository git command runs with: nothing inherited from the user's git setup.
 * Every `GIT_*` variable of the parent is dropped (a user's GIT_DIR, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY or
 * GIT_CONFIG_PARAMETERS would otherwise redirect or reconfigure us), system and global config are off, and the
 * repository is named explicitly.
 */
export function isolatedGitEnv(
  location: GitLocation,
  extra: Record<string, string> = {},
  noWorkTree = false,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith("GIT_") || key === "LANG" || key.startsWith("LC_")) continue;
    env[key] = value;
  }
  // glibc returns freed memory to the kernel eagerly; git allocates and frees a buffer per object, so a first
  // snapshot spent more time in brk(2) than in hashing. Short-lived processes can keep their heap instead.
  const tunables = [env.GLIBC_TUNABLES, MALLOC_TUNABLES].filter(Boolean).join(":");
  return {
    ...env,
    GLIBC_TUNABLES: tunables,
    LC_ALL: "C",
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_SYSTEM: "/dev/null",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_ATTR_NOSYSTEM: "1",
    GIT_TERMINAL_PROMPT: "0",
    GIT_NO_REPLACE_OBJECTS: "1",
    GIT_DIR: location.gitDir,
    ...(noWorkTree ? {} : { GIT_WORK_TREE: location.workTree, GIT_INDEX_FILE: location.indexFile }),
    ...extra,
  };
}

/** Runs git commands against one shadow repository, always with the isolated environment. */
export class GitRunner {
  constructor(readonly location: GitLocation) {}

  /** Runs `git <args>`; throws {@link CheckpointGitError} on an exit code not in `okCodes`. */
  run(args: readonly string[], options: GitRunOptions = {}): Promise<GitResult> {
    const location = { ...this.location, ...options.location };
    return new Promise((resolve, reject) => {
      let child: ReturnType<typeof spawn>;
      try {
        child = spawn("git", args, {
          cwd: options.noWorkTree ? location.gitDir : location.workTree,
          env: isolatedGitEnv(location, options.env, options.noWorkTree),
          stdio: ["pipe", "pipe", "pipe"],
          signal: options.signal,
          timeout: options.timeoutMs,
        });
      } catch (error) {
        reject(new GitUnavailableError(error));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      const errors: Buffer[] = [];
      child.stdout?.on("data", (chunk: Buffer) => {
        if (truncated) return;
        const limit = options.maxStdoutBytes;
        if (limit !== undefined && size + chunk.length > limit) {
          chunks.push(chunk.subarray(0, limit - size));
          size = limit;
          truncated = true;
          child.kill("SIGTERM");
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        if (errors.length < 64) errors.push(chunk);
      });
      let failure: Error | undefined;
      child.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") reject(new GitUnavailableError(error));
        // An abort kills git; report it once git has exited, so that the caller releases the workspace lock only
        // after git has removed (or left behind) its own lock files.
        else failure = error;
      });
      child.on("close", (code) => {
        if (failure) {
          reject(failure);
          return;
        }
        const stderr = Buffer.concat(errors).toString("utf8");
        const exitCode = code ?? -1;
        if (!truncated && !(options.okCodes ?? [0]).includes(exitCode)) {
          reject(new CheckpointGitError(args, code, stderr));
          return;
        }
        resolve({ stdout: Buffer.concat(chunks), stderr, exitCode, truncated });
      });
      child.stdin?.on("error", () => {
        // git may exit before reading all input (e.g. on a fatal error); the exit code reports that.
      });
      const stdin = child.stdin;
      if (options.feed && stdin) {
        options.feed(stdin).then(
          () => stdin.end(),
          (error: unknown) => {
            // Without its terminator git discards what it was given; the caller sees this error (or the abort
            // behind it), not git's, once git has exited.
            failure ??= error instanceof Error ? error : new Error(String(error));
            child.kill("SIGKILL");
          },
        );
      } else {
        stdin?.end(options.input ?? "");
      }
    });
  }

  /** Runs git and returns stdout as trimmed text. */
  async text(args: readonly string[], options: GitRunOptions = {}): Promise<string> {
    return (await this.run(args, options)).stdout.toString("utf8").trim();
  }
}

/** Splits NUL-terminated git output into its records. */
export function splitNul(output: Buffer | string): string[] {
  const text = typeof output === "string" ? output : output.toString("utf8");
  const parts = text.split("\0");
  if (parts.at(-1) === "") parts.pop();
  return parts;
}
