import { AbortedError } from "./errors/aborted-error.js";

/** Throws an {@link AbortedError} when `signal` has fired. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}

/**
 * The children of each parent signal. A parent carries one listener however many children it has (a step with 50
 * parallel reads must not trip Node's `MaxListenersExceededWarning`), and a child leaves the set when disposed.
 */
const childrenOf = new WeakMap<AbortSignal, Set<AbortController>>();

function abortChildren(this: AbortSignal): void {
  const children = childrenOf.get(this);
  childrenOf.delete(this);
  for (const child of children ?? []) child.abort(this.reason);
}

/**
 * A child controller that aborts when its parent does, so a session → turn → call tree cancels from the top. The
 * returned `dispose` detaches it from the parent once the child's work is over, so long sessions do not pile up
 * children; the parent's single listener goes when its last child does.
 */
export function childController(parent: AbortSignal | undefined): {
  controller: AbortController;
  dispose(): void;
} {
  const controller = new AbortController();
  if (!parent) return { controller, dispose() {} };
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, dispose() {} };
  }
  let children = childrenOf.get(parent);
  if (!children) {
    children = new Set();
    childrenOf.set(parent, children);
    parent.addEventListener("abort", abortChildren, { once: true });
  }
  children.add(controller);
  return {
    controller,
    dispose: () => {
      const current = childrenOf.get(parent);
      if (!current?.delete(controller) || current.size > 0) return;
      childrenOf.delete(parent);
      parent.removeEventListener("abort", abortChildren);
    },
  };
}

/** Resolves after `ms`, or rejects with {@link AbortedError} as soon as `signal` fires. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new AbortedError());
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortedError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
