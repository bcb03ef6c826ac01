import type { Writable } from "node:stream";

/** The exit status of a command whose reader went away (128 + SIGPIPE, what a shell reports for `yes | head`). */
export const CLOSED_OUTPUT_EXIT = 141;

/** Whether `error` says the stream's reader has gone (`art sessions | head -1` once head exits). */
export function isClosedOutput(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "EPIPE" || code === "ERR_STREAM_DESTROYED";
}

/**
 * Watches the terminal's streams for a reader that went away. Node reports a write to a closed pipe as an `error`
 * event, which, unheard, kills the process with a stack trace; this hears it. A closed stdout aborts the returned
 * signal (once) so the command can stop; a closed stderr is ignored (nothing is left to tell). Other stream errors
 * are rethrown as they would have been. The listeners stay for the process's life: the last write's error can
 * arrive after the command has returned.
 */
export function watchClosedOutput(streams: { stdout: Writable; stderr: Writable }): AbortSignal {
  const closed = new AbortController();
  const listen = (stream: Writable, onClosed: () => void) => {
    stream.on("error", (error) => {
      if (!isClosedOutput(error)) throw error;
      onClosed();
    });
  };
  listen(streams.stdout, () => {
    if (!closed.signal.aborted) closed.abort(new Error("stdout was closed by its reader"));
  });
  if (streams.stderr !== streams.stdout) listen(streams.stderr, () => {});
  return closed.signal;
}
