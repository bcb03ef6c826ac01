/** The constant from Cormack et al. (2009); damps the weight of the very top ranks so neither list dominates. */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion: each list contributes 1 / (k + rank) for each id it ranks (rank from 1).
 * Rank-based, so BM25 scores and cosine distances need no common scale.
 *
 * @example
 * ```ts
 * fuseRanks([[1, 2], [2, 3]]); // 2 scores highest
 * ```
 */
export function fuseRanks(lists: readonly (readonly number[])[], k = RRF_K): Map<number, number> {
  const scores = new Map<number, number>();
  for (const list of lists) {
    list.forEach((id, index) => {
      scores.set(id, (scores.get(id) ?? 0) + 1 / (k + index + 1));
    });
  }
  return scores;
}
