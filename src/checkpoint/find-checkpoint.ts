import type { CheckpointInfo } from "./checkpoint-record.js";
import { CheckpointAmbiguousError } from "./errors/checkpoint-ambiguous-error.js";
import { CheckpointNotFoundError } from "./errors/checkpoint-not-found-error.js";

/** Shortest id prefix accepted, as git's own abbreviations. */
const MIN_PREFIX = 4;

/**
 * The one checkpoint among `checkpoints` whose id is `idOrPrefix` or starts with it (ids are shown shortened to 12
 * characters). A commit that is not one of the checkpoints is never matched: restoring by id only goes to a state
 * a checkpoint recorded.
 */
export function findCheckpoint(checkpoints: CheckpointInfo[], idOrPrefix: string): CheckpointInfo {
  const wanted = idOrPrefix.trim().toLowerCase();
  if (!/^[0-9a-f]+$/.test(wanted) || wanted.length < MIN_PREFIX)
    throw new CheckpointNotFoundError(idOrPrefix);
  const matches = new Map<string, CheckpointInfo>();
  for (const item of checkpoints)
    if (item.checkpointId.startsWith(wanted)) matches.set(item.checkpointId, item);
  const [first, ...others] = matches.values();
  if (!first) throw new CheckpointNotFoundError(idOrPrefix);
  if (others.length > 0) throw new CheckpointAmbiguousError(idOrPrefix, [...matches.keys()]);
  return first;
}
