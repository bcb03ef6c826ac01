/**
 * One step of the event vocabulary: turns a raw event payload written with schema version `from` into the shape of
 * version `from + 1`. Steps are never edited once released (stored events and fixtures depend on them); a change
 * of an event's shape is a new step in a new file, beside a fixture written by the version before it.
 */
export interface EventUpgrade {
  /** The version it reads. */
  from: number;
  /** What changed, for the reader of this code and for errors. */
  description: string;
  /** The event in the next version's shape; gets (and may return) a freshly parsed object. */
  up(event: Record<string, unknown>): Record<string, unknown>;
}
