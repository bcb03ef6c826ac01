import { UsageError } from "./usage-error.js";

/**
 * People count turns from 1; the journal and the checkpoints store 0-based indexes. Every flag and message of the
 * CLI speaks the first, so the conversion lives here, once.
 */

/** The turn number people read for a stored 0-based turn index. */
export function turnNumber(index: number): number {
  return index + 1;
}

/**
 * Parses a turn-number flag (1, 2, ...) into the stored 0-based index; undefined when the flag is absent. Anything
 * else (0, -1, 1.5, "two") is a usage error saying what the flag takes.
 */
export function parseTurnFlag(value: string | undefined, flag: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${flag} takes a turn number (1 for the first turn); got "${value}".`, command);
  return Number(value) - 1;
}

/** Parses a whole-number flag (0, 1, ...), e.g. a count of days. */
export function parseCountFlag(value: string | undefined, flag: string, command: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} takes a whole number; got "${value}".`, command);
  return Number(value);
}
