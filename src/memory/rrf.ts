/** The constant from Cormack et al. (2009); damps the weight of the very top ranks so neither list dominates. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each list contributes weight / (k + rank) for each id it ranks (rank from 1; weights
 * default to 1). Rank-based, so BM25 scores and cosine distances need no common scale.
 *
 * @example
 * ```ts
 * fuseRanks([[1, 2], [2, 3]]); // 2 scores highest
 * fuseRanks([["a"], ["b"]], 60, [1, 2]); // "b" scores higher: its list weighs twice
 * ```
 */
export function fuseRanks<Id = number>(
  lists: readonly (readonly Id[])[],
  k = RRF_K,
  weights: readonly number[] = [],
): Map<Id, number> {
  const scores = new Map<Id, number>();
  for (const [at, list] of lists.entries()) {
    const weight = weights[at] ?? 1;
    list.forEach((id, index) => {
      scores.set(id, (scores.get(id) ?? 0) + weight / (k + index + 1));
    });
  }
  return scores;
}
