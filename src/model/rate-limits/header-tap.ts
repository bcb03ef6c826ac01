import type { GatePass } from "./request-gate.js";

/**
 * A fetch that hands each response's status and headers to the {@link GatePass} of the attempt that made it. The
 * AI SDK passes the call's `abortSignal` to fetch unchanged, which ties a request to its attempt (as in
 * `ByteActivity`); a request without a pass goes through untouched.
 */
export class HeaderTap {
  readonly #passes = new WeakMap<AbortSignal, GatePass>();
  readonly fetch: typeof fetch;

  constructor(inner: typeof fetch = globalThis.fetch) {
    this.fetch = async (input, init) => {
      const response = await inner(input, init);
      const pass = init?.signal ? this.#passes.get(init.signal) : undefined;
      pass?.observe(response.status, response.headers);
      return response;
    };
  }

  /** Routes the responses of requests made with `signal` to `pass`; returns the undo. */
  bind(signal: AbortSignal, pass: GatePass): () => void {
    this.#passes.set(signal, pass);
    return () => this.#passes.delete(signal);
  }
}
