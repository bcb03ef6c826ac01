import { MemoryInputError } from "../errors/index.js";

/** One query's ranked results (ids, best first) and the ids that count as right answers. */
export interface RankedResult<Id = string> {
  ranked: readonly Id[];
  relevant: ReadonlySet<Id> | readonly Id[];
}

function relevantSet<Id>(relevant: RankedResult<Id>["relevant"]): ReadonlySet<Id> {
  return relevant instanceof Set ? relevant : new Set(relevant as readonly Id[]);
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new MemoryInputError(`Cut-off k = ${k} is not valid.`, "Use a positive integer, e.g. 10.");
  }
}

/**
 * Recall@k of one query: the share of its relevant ids found among the first `k` ranked ids (0 when none are
 * relevant is not allowed: such a query measures nothing, so it is an input error).
 *
 * @example
 * ```ts
 * recallAtK(["a", "b", "c"], ["c", "z"], 3); // 0.5
 * ```
 */
export function recallAtK<Id>(
  ranked: readonly Id[],
  relevant: RankedResult<Id>["relevant"],
  k: number,
): number {
  checkK(k);
  const wanted = relevantSet(relevant);
  if (wanted.size === 0) {
    throw new MemoryInputError("A query has no relevant ids.", "Give each query at least one right answer.");
  }
  // A ranked list may repeat an id (fused lists); count each relevant id once.
  const found = new Set(ranked.slice(0, k).filter((id) => wanted.has(id)));
  return found.size / wanted.size;
}

/**
 * Reciprocal rank of one query: 1 / (1-based position of the first relevant id), 0 when none is ranked. Pass `k` to
 * cut the list (MRR@k); without it the whole list counts.
 *
 * @example
 * ```ts
 * reciprocalRank(["a", "b", "c"], ["b"]); // 0.5
 * ```
 */
export function reciprocalRank<Id>(
  ranked: readonly Id[],
  relevant: RankedResult<Id>["relevant"],
  k = Number.POSITIVE_INFINITY,
): number {
  if (k !== Number.POSITIVE_INFINITY) checkK(k);
  const wanted = relevantSet(relevant);
  const limit = Math.min(k, ranked.length);
  for (let i = 0; i < limit; i++) if (wanted.has(ranked[i] as Id)) return 1 / (i + 1);
  return 0;
}

/** Mean recall@k and mean reciprocal rank over a set of queries; see {@link summarizeRetrieval}. */
export interface RetrievalSummary {
  queries: number;
  recallAtK: number;
  mrr: number;
}

/**
 * Mean recall@k and MRR (cut at the same `k`) over queries.
 *
 * @example
 * ```ts
 * summarizeRetrieval([{ ranked: ["a", "b"], relevant: ["b"] }, { ranked: ["c"], relevant: ["x"] }], 10);
 * // { queries: 2, recallAtK: 0.5, mrr: 0.25 }
 * ```
 */
export function summarizeRetrieval<Id>(results: readonly RankedResult<Id>[], k: number): RetrievalSummary {
  checkK(k);
  if (results.length === 0) {
    throw new MemoryInputError("No queries to summarize.", "Run at least one query.");
  }
  let recall = 0;
  let rr = 0;
  for (const { ranked, relevant } of results) {
    recall += recallAtK(ranked, relevant, k);
    rr += reciprocalRank(ranked, relevant, k);
  }
  return { queries: results.length, recallAtK: recall / results.length, mrr: rr / results.length };
}
