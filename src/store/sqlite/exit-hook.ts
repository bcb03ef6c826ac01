const openJournals = new Set<() => void>();
let installed = false;

/**
 * Registers a journal's last-chance save, run when the process exits without closing it (a normal exit, or
 * `process.exit`; not `kill -9`). One listener serves every open journal.
 */
export function trackOpenJournal(closeOnExit: () => void): void {
  openJournals.add(closeOnExit);
  if (installed) return;
  installed = true;
  process.on("exit", () => {
    for (const close of openJournals) close();
  });
}

/** Forgets a journal that was closed. */
export function untrackOpenJournal(closeOnExit: () => void): void {
  openJournals.delete(closeOnExit);
}
