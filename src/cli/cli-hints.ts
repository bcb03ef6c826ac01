import type { ArtError } from "../core/index.js";

// The library's errors say what to do in library terms; these add what to type at the command line, by code.
const HINTS: Record<string, string> = {
  "session.not_found":
    'Run "art sessions" to list them (--last looks in this directory and above; add --any-workspace to look everywhere).',
  "session.nothing_to_resume": 'Give a follow-up: art resume <id> "what to do next".',
  "checkpoint.not_found":
    'Run "art checkpoints <session-id>" to list a session\'s checkpoints (add --any-workspace to restore to look in every workspace).',
  "checkpoint.git_failed": 'Run "art doctor" to see the checkpoint stores.',
  "audit.corrupt": 'Run "art audit verify" to see where the chain breaks.',
  "store.locked": "Another art process has the journal; wait for it to finish (or stop it) and try again.",
};

/** The command line's own hint for `error`, if it has one. */
export function cliHint(error: ArtError): string | undefined {
  return HINTS[error.code];
}

/**
 * node:util parseArgs's message as one sentence without a closing period (the caller adds its own), e.g.
 * "Option '--at-turn' argument is ambiguous" plus how to pass a value that starts with a dash.
 */
export function parseArgsMessage(message: string): string {
  const lines = message.split("\n").map((line) => line.trim());
  const first = lines[0]!.replace(/[.?]$/, "").split(". To specify")[0]!;
  const dashed = lines.find((line) => line.startsWith("To specify an option argument starting with a dash"));
  const example = dashed?.match(/use '([^']+)'/)?.[1];
  return example ? `${first}: to give a value that starts with a dash, write ${example}` : first;
}
