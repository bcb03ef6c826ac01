/**
 * Aborts one attempt when nothing arrives for `timeoutMs`. `touch()` restarts the clock (a cheap `refresh`, so it
 * can run for every chunk); `responded()` records that the response headers came, for the error message.
 */
export class IdleWatch {
  readonly controller = new AbortController();
  #fired = false;
  #responded = false;
  #stopped = false;
  readonly #timer: NodeJS.Timeout | undefined;
  readonly #unlink: () => void;

  constructor(
    readonly timeoutMs: number,
    parent: AbortSignal,
  ) {
    const onParentAbort = () => this.controller.abort(parent.reason);
    parent.addEventListener("abort", onParentAbort, { once: true });
    this.#unlink = () => parent.removeEventListener("abort", onParentAbort);
    if (Number.isFinite(timeoutMs)) {
      this.#timer = setTimeout(() => {
        this.#fired = true;
        this.controller.abort(new Error(`no data for ${timeoutMs} ms`));
      }, timeoutMs);
    }
  }

  /** The signal the attempt's request and reads run under. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** True when the timeout, not the caller, ended the attempt. */
  get fired(): boolean {
    return this.#fired;
  }

  /** True once any byte of the response arrived. */
  get responded(): boolean {
    return this.#responded;
  }

  /** Something arrived: restart the clock. */
  touch(): void {
    this.#responded = true;
    // A fired or cleared timer must stay dead: refresh() would arm it again.
    if (!this.#fired && !this.#stopped) this.#timer?.refresh();
  }

  /** Ends the watch; the attempt is over either way. */
  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#unlink();
  }
}
