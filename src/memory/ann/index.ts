/** The approximate-nearest-neighbour side index (usearch HNSW) a large store searches through. */
export { HNSW_FORMAT_VERSION, HNSW_SETTINGS, HnswSideIndex } from "./hnsw-side-index.js";
