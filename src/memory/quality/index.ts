/** Retrieval quality: metrics (recall@k, MRR) and the doc-comment tools the quality benchmark builds queries with. */
export { docQuery, stripDocComments } from "./doc-comments.js";
export {
  type RankedResult,
  type RetrievalSummary,
  recallAtK,
  reciprocalRank,
  summarizeRetrieval,
} from "./retrieval-metrics.js";
