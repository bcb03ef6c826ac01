import type { StoredEvent } from "../core/index.js";
import type { ChangeFeed } from "./change-feed.js";
import type { TailOptions } from "./journal.js";

/**
 * The loop behind every journal's `tail`: read what is stored from the next seq, then sleep on the change feed
 * until something new may be stored, and read again. `readStored` must yield only stored events, gap-free from the
 * seq it is given (the journals' readers check that); this loop only remembers where it is, so nothing is yielded
 * twice and nothing is skipped.
 */
export async function* followEvents(
  readStored: (fromSeq: number) => AsyncIterable<StoredEvent>,
  changes: ChangeFeed,
  fromSeq: number,
  options: TailOptions,
): AsyncIterable<StoredEvent> {
  const { signal, untilEnded = false } = options;
  let next = Math.max(1, Math.floor(fromSeq));
  while (!signal?.aborted) {
    const version = changes.version;
    for await (const stored of readStored(next)) {
      if (signal?.aborted) return;
      next = stored.seq + 1;
      yield stored;
      if (untilEnded && stored.event.type === "session.ended") return;
    }
    await changes.waitPast(version, signal);
  }
}
