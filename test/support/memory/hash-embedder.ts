import { createHash } from "node:crypto";
import type { Embedder } from "../../../src/memory/index.js";

/**
 * A deterministic test embedder: feature-hashed bag of lowercase words, L2-normalised. Texts sharing words have a
 * smaller cosine distance, which is all retrieval tests need; `calls` counts embed() calls to check caching/skips.
 * `synonyms` maps words onto another word's bucket so a test can make vector search find what BM25 cannot.
 */
export class HashEmbedder implements Embedder {
  readonly id: string;
  readonly dimensions: number;
  calls = 0;
  texts = 0;
  readonly #synonyms: Record<string, string>;

  constructor(options: { id?: string; dimensions?: number; synonyms?: Record<string, string> } = {}) {
    this.dimensions = options.dimensions ?? 64;
    this.id = options.id ?? `test-hash/${this.dimensions}`;
    this.#synonyms = options.synonyms ?? {};
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.calls += 1;
    this.texts += texts.length;
    return texts.map((text) => this.#one(text));
  }

  #one(text: string): Float32Array {
    const vector = new Float32Array(this.dimensions);
    for (const raw of text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []) {
      const word = this.#synonyms[raw] ?? raw;
      const bucket = createHash("sha1").update(word).digest().readUInt32LE(0) % this.dimensions;
      vector[bucket] = (vector[bucket] ?? 0) + 1;
    }
    let norm = 0;
    for (const x of vector) norm += x * x;
    // An empty text gets a fixed unit vector, so cosine distance stays defined.
    if (norm === 0) vector[0] = 1;
    else for (let i = 0; i < vector.length; i++) vector[i] = (vector[i] as number) / Math.sqrt(norm);
    return vector;
  }
}
