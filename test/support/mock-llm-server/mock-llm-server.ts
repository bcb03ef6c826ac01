import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { anthropicMessages } from "./anthropic-messages.js";
import { chatCompletions } from "./chat-completions.js";
import { embeddingsBody, MOCK_EMBEDDING_DIMENSIONS } from "./embeddings.js";
import { openaiResponses } from "./openai-responses.js";
import { FixedWindowLimiter } from "./rate-limit.js";
import { asRecord } from "./sse.js";
import type {
  MockFault,
  MockLatency,
  MockLlmServerOptions,
  MockResponse,
  MockUsage,
  RecordedRequest,
  WireFormat,
} from "./types.js";

/** A running mock LLM server. */
export interface MockLlmServer {
  /** `http://127.0.0.1:<port>`; point providers at `${url}/v1`. */
  url: string;
  /** Every request received, in order. */
  requests: RecordedRequest[];
  /** Unexpected things that happened (unknown route, bad body, script exhausted); `close()` fails on them. */
  problems: string[];
  /**
   * Stops the server (cutting open streams), then throws when there were problems or, unless
   * `allowUnconsumed`, when some scripted responses were never streamed to completion.
   */
  close(options?: { allowUnconsumed?: boolean; allowProblems?: boolean }): Promise<void>;
}

const ROUTES: Record<string, WireFormat> = {
  "/v1/responses": openaiResponses,
  "/v1/chat/completions": chatCompletions,
  "/v1/messages": anthropicMessages,
};

/**
 * Starts a real HTTP server on 127.0.0.1 at a random port that streams OpenAI Responses, OpenAI Chat Completions and
 * Anthropic Messages from one list of scripted responses. Like the scripted model, it answers a request with the
 * response whose index equals the number of assistant responses in the request's conversation, counted from the
 * wire format's own body. Faults can be injected per request; see {@link MockFault}.
 */
export async function startMockLlmServer(options: MockLlmServerOptions): Promise<MockLlmServer> {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const served = new Set<number>();
  const limiter = options.rateLimit ? new FixedWindowLimiter(options.rateLimit) : undefined;

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      problems.push(`internal error: ${error instanceof Error ? error.stack : String(error)}`);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const raw = await readBody(request);
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const wire = ROUTES[path];
    let body: unknown;
    try {
      body = raw.length > 0 ? JSON.parse(raw) : undefined;
    } catch {
      body = undefined;
    }
    const number = requests.length;
    const fault = options.faults?.[number];
    const isEmbeddings = path === "/v1/embeddings" && request.method === "POST";
    const recorded: RecordedRequest = {
      api: isEmbeddings ? "openai-embeddings" : (wire?.api ?? "unknown"),
      method: request.method ?? "GET",
      path,
      headers: request.headers,
      body,
      ...(fault ? { fault } : {}),
      receivedAt,
    };
    requests.push(recorded);

    if (isEmbeddings) {
      // Not streamed and not part of the script: any number of embeddings calls, answered from the text alone.
      if (fault?.type === "hang") return;
      if (fault?.type === "status")
        return sendJson(
          response,
          fault.status,
          { error: { message: fault.message ?? `injected HTTP ${fault.status}`, type: "server_error" } },
          fault.headers,
        );
      const answer = embeddingsBody(body, options.embeddingDimensions ?? MOCK_EMBEDDING_DIMENSIONS);
      if (answer.status !== 200) problems.push(`request #${number} to ${path}: not an embeddings request`);
      return sendJson(response, answer.status, answer.json);
    }
    if (!wire || request.method !== "POST") {
      problems.push(`request #${number}: unexpected ${request.method} ${path}`);
      return sendJson(response, 404, {
        error: { message: `mock-llm-server: no route for ${request.method} ${path}` },
      });
    }
    if (fault?.type === "hang") return; // the socket stays open and silent until the client leaves
    const rate = limiter?.decide(wire.api);
    if (rate?.limited) {
      recorded.rateLimited = true;
      return sendJson(
        response,
        429,
        wire.errorBody(429, "mock-llm-server: rate limit reached"),
        rate.headers,
      );
    }
    if (fault?.type === "status") {
      const message = fault.message ?? `injected HTTP ${fault.status}`;
      return sendJson(response, fault.status, wire.errorBody(fault.status, message), fault.headers);
    }
    const json = asRecord(body);
    if (body === undefined || json.stream !== true) {
      problems.push(`request #${number} to ${path}: body is not JSON with "stream": true`);
      return sendJson(
        response,
        400,
        wire.errorBody(400, "mock-llm-server: expected a JSON body with stream: true"),
      );
    }
    const index = wire.countAssistantResponses(json);
    recorded.responseIndex = index;
    const scripted = options.responses[index];
    if (!scripted) {
      const message = `mock-llm-server: request #${number} asks for response #${index + 1}, but the script has ${options.responses.length}`;
      problems.push(message);
      return sendJson(response, 400, wire.errorBody(400, message));
    }

    const frames = wire.frames({
      response: scripted,
      index,
      model: typeof json.model === "string" ? json.model : "mock-model",
      usage: usageFor(options.usage, scripted, raw),
      deltaSize: options.deltaSize,
      argumentsChunkSize: options.argumentsChunkSize ?? 7,
      body: json,
    });
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      ...rate?.headers,
    });
    response.flushHeaders();
    if (fault?.type === "drop" || fault?.type === "stall") {
      for (const frame of frames.slice(0, fault.afterEvents)) response.write(frame);
      if (fault.type === "drop") {
        // Let the frames reach the client before the connection dies mid-response.
        setTimeout(() => response.socket?.destroy(), 20);
      }
      return;
    }
    if (fault?.type === "error-event") {
      for (const frame of frames.slice(0, fault.afterEvents)) response.write(frame);
      response.end(wire.errorFrame(fault.message ?? "injected server error", fault.afterEvents, fault.code));
      return;
    }
    if (fault?.type === "keepalive") {
      for (const frame of frames.slice(0, fault.afterEvents)) response.write(frame);
      for (let ping = 0; ping < fault.pings; ping++) {
        await new Promise((resolve) => setTimeout(resolve, fault.everyMs));
        if (response.destroyed) return;
        response.write(": ping\n\n");
      }
      for (const frame of frames.slice(fault.afterEvents)) response.write(frame);
      response.end();
      served.add(index);
      return;
    }
    if (options.latency) {
      const usage = usageFor(options.usage, scripted, raw);
      await paced(response, frames, options.latency, usage.outputTokens, receivedAt);
      if (response.destroyed) return;
    } else for (const frame of frames) response.write(frame);
    response.end();
    recorded.endedAt = performance.now();
    served.add(index);
  }

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    problems,
    async close(closeOptions = {}) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const failures = closeOptions.allowProblems ? [] : [...problems];
      if (!closeOptions.allowUnconsumed) {
        const unconsumed = options.responses.map((_, i) => i).filter((i) => !served.has(i));
        if (unconsumed.length > 0) {
          failures.push(
            `scripted responses never streamed to completion: ${unconsumed.map((i) => `#${i + 1}`).join(", ")}`,
          );
        }
      }
      if (failures.length > 0) throw new Error(`mock-llm-server:\n- ${failures.join("\n- ")}`);
    },
  };
}

function usageFor(
  fixed: MockUsage | undefined,
  response: MockResponse,
  rawBody: string,
): Required<MockUsage> {
  if (fixed) return { cachedInputTokens: 0, reasoningTokens: 0, ...fixed };
  const reasoningTokens = Math.ceil((response.reasoning ?? "").length / 4);
  const args = (response.toolCalls ?? []).map((call) => call.name + JSON.stringify(call.arguments)).join("");
  return {
    inputTokens: Math.ceil(rawBody.length / 4),
    outputTokens: Math.ceil(((response.text ?? "").length + args.length) / 4) + reasoningTokens,
    cachedInputTokens: 0,
    reasoningTokens,
  };
}

/**
 * Writes `frames` on the {@link MockLatency} schedule counted from `startedAt`: the first at `firstTokenMs`, the
 * others evenly over the output tokens' streaming time, those due in the same tick together.
 */
async function paced(
  response: ServerResponse,
  frames: string[],
  latency: MockLatency,
  outputTokens: number,
  startedAt: number,
): Promise<void> {
  const tick = latency.tickMs ?? 50;
  const streamMs = (outputTokens / latency.tokensPerSecond) * 1000;
  const dueAt = (i: number) =>
    startedAt + latency.firstTokenMs + (frames.length > 1 ? (streamMs * i) / (frames.length - 1) : 0);
  const last = frames.length - 1;
  let next = 0;
  while (next < frames.length) {
    const wait = dueAt(next) - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (response.destroyed) return;
    // Frames due within the next tick go out now, in one write; the last one never early, so the stream ends on
    // time and a response lasts exactly as long as the latency model says.
    const now = performance.now();
    let chunk = "";
    while (next < frames.length && dueAt(next) <= now + (next === last ? 0 : tick)) chunk += frames[next++];
    if (chunk) response.write(chunk);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(text);
}
