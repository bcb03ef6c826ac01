export { embeddingsBody, MOCK_EMBEDDING_DIMENSIONS, mockEmbedding } from "./embeddings.js";
export { type MockLlmServer, startMockLlmServer } from "./mock-llm-server.js";
export { refusedUrl } from "./refused-url.js";
export type {
  MockApi,
  MockFault,
  MockLatency,
  MockLlmServerOptions,
  MockRateLimit,
  MockResponse,
  MockUsage,
  RecordedRequest,
} from "./types.js";
