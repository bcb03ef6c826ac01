import { createHash } from "node:crypto";

/** Vector length of the mock embeddings unless the server options or the request's `dimensions` say otherwise. */
export const MOCK_EMBEDDING_DIMENSIONS = 64;

/**
 * A deterministic embedding: a feature-hashed bag of lowercase words, L2-normalised, so texts that share words are
 * close (cosine) and the same text always gets the same vector — what retrieval tests need, with no model.
 */
export function mockEmbedding(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []) {
    const bucket = createHash("sha1").update(word).digest().readUInt32LE(0) % dimensions;
    vector[bucket] = (vector[bucket] ?? 0) + 1;
  }
  const norm = Math.sqrt(vector.reduce((sum, x) => sum + x * x, 0));
  if (norm === 0) vector[0] = 1;
  return norm === 0 ? vector : vector.map((x) => x / norm);
}

/**
 * The body of `POST /v1/embeddings` in OpenAI's wire format: `{ object: "list", data: [{ object: "embedding",
 * index, embedding }], model, usage }`; `embedding` is base64 of little-endian float32 when the request asks
 * `encoding_format: "base64"`. Returns an error message instead when the body is not an embeddings request.
 */
export function embeddingsBody(body: unknown, defaultDimensions: number): { status: number; json: unknown } {
  const request = (body ?? {}) as {
    input?: unknown;
    model?: unknown;
    dimensions?: unknown;
    encoding_format?: unknown;
  };
  const inputs = typeof request.input === "string" ? [request.input] : request.input;
  if (!Array.isArray(inputs) || inputs.length === 0 || !inputs.every((text) => typeof text === "string")) {
    return {
      status: 400,
      json: {
        error: {
          message: "mock-llm-server: input must be a string or an array of strings",
          type: "invalid_request_error",
        },
      },
    };
  }
  const dimensions = typeof request.dimensions === "number" ? request.dimensions : defaultDimensions;
  const base64 = request.encoding_format === "base64";
  const data = (inputs as string[]).map((text, index) => {
    const vector = mockEmbedding(text, dimensions);
    return {
      object: "embedding",
      index,
      embedding: base64 ? Buffer.from(Float32Array.from(vector).buffer).toString("base64") : vector,
    };
  });
  const tokens = (inputs as string[]).reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
  return {
    status: 200,
    json: {
      object: "list",
      data,
      model: typeof request.model === "string" ? request.model : "mock-embedding",
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    },
  };
}
