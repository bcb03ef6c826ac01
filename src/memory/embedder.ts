/**
 * Turns texts into vectors. The store records `id` and `dimensions` and refuses to mix vectors of two embedders.
 *
 * @example
 * ```ts
 * const embedder: Embedder = { id: "my-model@1", dimensions: 3, embed: async (texts) => texts.map(() => new Float32Array(3)) };
 * ```
 */
export interface Embedder {
  /** Stable identity of the model and its settings, e.g. `openai:text-embedding-3-small`. */
  readonly id: string;
  /** Length of every vector `embed` returns. */
  readonly dimensions: number;
  /** One vector per text, in order. */
  embed(texts: readonly string[], options?: { signal?: AbortSignal }): Promise<Float32Array[]>;
}
