/**
 * A fetch that reports every chunk of a response body to whoever listens on that request's `AbortSignal`, so an
 * idle timeout can count bytes, not parsed events: an SSE comment or an Anthropic `ping` proves the connection
 * alive even when no event reaches the client. The AI SDK hands the call's `abortSignal` to fetch unchanged, which
 * is what ties a request to its listener; a request without a listener passes through untouched.
 */
export class ByteActivity {
  readonly #listeners = new WeakMap<AbortSignal, () => void>();
  /** The wrapped fetch to give the provider. */
  readonly fetch: typeof fetch;

  constructor(inner: typeof fetch = globalThis.fetch) {
    this.fetch = async (input, init) => {
      const response = await inner(input, init);
      const listener = init?.signal ? this.#listeners.get(init.signal) : undefined;
      if (listener === undefined || response.body === null) return response;
      listener();
      const tap = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          listener();
          controller.enqueue(chunk);
        },
      });
      return new Response(response.body.pipeThrough(tap), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    };
  }

  /** Calls `onActivity` when the response of the request made with `signal` arrives, and on each body chunk. */
  listen(signal: AbortSignal, onActivity: () => void): () => void {
    this.#listeners.set(signal, onActivity);
    return () => this.#listeners.delete(signal);
  }
}
