import { InvalidInputError } from "../core/index.js";
import { detectSandboxCapabilities } from "./capabilities.js";
import { LAUNCHER_KILL_SIGNAL, type PreparedSpawn } from "./prepare-spawn.js";

/** {@link PreparedSpawn} for an unsandboxed command, saying whether the launcher supervises it. */
export interface SupervisedSpawn extends PreparedSpawn {
  /**
   * True when the command runs under `art-sandbox --supervise` and so dies with the runtime, whatever ends it.
   * False when no launcher is usable here: the command is spawned as given, and only a Node-level kill of its
   * process group when the runtime exits (`killGroupOnExit` in `src/exec`) stands between it and outliving us.
   */
  supervised: boolean;
}

/**
 * Spawn arguments that run `argv` without sandbox layers but supervised: through `art-sandbox --supervise`, which
 * stays as the command's parent (a child subreaper), and kills the command and everything it started when the
 * runtime dies (SIGKILL, SIGTERM, a crash) or when the command exits. For `full-access` and approved unsandboxed
 * runs. Without a usable launcher, returns the command unchanged with `supervised: false`.
 */
export function prepareSupervisedSpawn(argv: string[], options: { env: NodeJS.ProcessEnv }): SupervisedSpawn {
  const [file, ...args] = argv;
  if (file === undefined || file === "") throw new InvalidInputError("The command to run is empty.");
  const launcher = detectSandboxCapabilities().launcher;
  if (!launcher.available) return { file, args, env: options.env, supervised: false };
  return {
    file: launcher.path,
    args: ["--supervise", "--", file, ...args],
    env: options.env,
    killSignal: LAUNCHER_KILL_SIGNAL,
    supervised: true,
  };
}
