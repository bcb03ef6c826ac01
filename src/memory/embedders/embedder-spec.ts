import { defaultEmbedder } from "../default-embedder.js";
import type { Embedder } from "../embedder.js";
import { aiSdkEmbedder } from "./ai-sdk-embedder.js";
import { cachedEmbedder } from "./content-cache.js";
import { EmbedderConfigError } from "./errors.js";

/** Where {@link embedderFromSpec} takes keys and endpoints from. */
export interface EmbedderSpecOptions {
  /** Keys (`OPENAI_API_KEY`, `OPENAI_COMPATIBLE_API_KEY`) and `OPENAI_BASE_URL`; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Base URL of the embeddings API (ending before `/embeddings`); required for `openai-compatible:`. */
  baseUrl?: string;
  /** Vector length, when the model's is not known; without it one probe request asks the server. */
  dimensions?: number;
  fetch?: typeof fetch;
}

const OPENAI_DIMENSIONS: Record<string, number> = {
  "text-embedding-3-small": 1536,
  "text-embedding-3-large": 3072,
  "text-embedding-ada-002": 1536,
};

const SPECS =
  '"default", "openai:<model>" (e.g. openai:text-embedding-3-small) or "openai-compatible:<model>"';

/**
 * The embedder a spec names: `default` (the offline Universal Sentence Encoder, no network), `openai:<model>`
 * (key `OPENAI_API_KEY`, base URL `OPENAI_BASE_URL` or the public API), `openai-compatible:<model>` (Ollama, vLLM,
 * llama.cpp: `baseUrl` required, key `OPENAI_COMPATIBLE_API_KEY` optional). The network ones are batched and
 * cached by content hash. Provider packages load only here.
 *
 * @example
 * ```ts
 * const embedder = await embedderFromSpec("openai-compatible:nomic-embed-text", { baseUrl: "http://localhost:11434/v1" });
 * ```
 */
export async function embedderFromSpec(spec: string, options: EmbedderSpecOptions = {}): Promise<Embedder> {
  const env = options.env ?? process.env;
  if (spec === "default") return defaultEmbedder();
  const colon = spec.indexOf(":");
  const provider = colon > 0 ? spec.slice(0, colon) : "";
  const model = spec.slice(colon + 1).trim();
  if (!model || (provider !== "openai" && provider !== "openai-compatible"))
    throw new EmbedderConfigError(`"${spec}" names no embedder.`, `Use ${SPECS}.`);
  const fetchOption = options.fetch ? { fetch: options.fetch } : {};
  let embeddingModel: import("@ai-sdk/provider").EmbeddingModelV3;
  if (provider === "openai") {
    const apiKey = env.OPENAI_API_KEY;
    if (!apiKey)
      throw new EmbedderConfigError(
        `The embedder ${spec} needs an OpenAI key.`,
        "Set OPENAI_API_KEY, or use the offline default embedder.",
      );
    const { createOpenAI } = await import("@ai-sdk/openai");
    const baseURL = options.baseUrl ?? env.OPENAI_BASE_URL;
    embeddingModel = createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}), ...fetchOption }).embeddingModel(
      model,
    );
  } else {
    if (!options.baseUrl)
      throw new EmbedderConfigError(
        `The embedder ${spec} needs the server's base URL.`,
        "Set ART_MEMORY_EMBEDDER_BASE_URL (e.g. http://localhost:11434/v1 for Ollama).",
      );
    checkUrl(options.baseUrl);
    const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
    const apiKey = env.OPENAI_COMPATIBLE_API_KEY;
    embeddingModel = createOpenAICompatible({
      name: "openai-compatible",
      baseURL: options.baseUrl,
      ...(apiKey ? { apiKey } : {}),
      ...fetchOption,
    }).embeddingModel(model);
  }
  const known = options.dimensions ?? (provider === "openai" ? OPENAI_DIMENSIONS[model] : undefined);
  // The store needs the length before the first vector; a model we don't know is asked once.
  const dimensions = known ?? (await aiSdkEmbedder(spec, 0, embeddingModel).embed(["dimensions"]))[0]?.length;
  if (!dimensions)
    throw new EmbedderConfigError(`The embedder ${spec} returned an empty vector.`, "Check the model name.");
  return cachedEmbedder(aiSdkEmbedder(spec, dimensions, embeddingModel));
}

function checkUrl(url: string): void {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === "http:" || parsed.protocol === "https:") return;
  } catch {
    // reported below
  }
  throw new EmbedderConfigError(
    `"${url}" is not an http(s) URL.`,
    "Give the server's base URL, ending in /v1.",
  );
}
