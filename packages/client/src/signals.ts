/** The one way the client listens to an AbortSignal: for token waits, retry waits and attempts with a timeout. */

/** Calls `listener` when `signal` fires, at once if it already has; returns the function that stops listening. */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (signal?.aborted) listener();
  signal?.addEventListener("abort", listener);
  return () => signal?.removeEventListener("abort", listener);
}

/**
 * Settles as `value` does, or rejects with the signal's reason as soon as it fires. A string (a cached token) is
 * returned as it is: there is nothing to wait for.
 */
export function untilAborted<T extends string | Promise<unknown>>(value: T, signal: AbortSignal | undefined): T {
  return signal && typeof value !== "string"
    ? (new Promise((resolve, reject) => {
        (value as Promise<unknown>).then(resolve, reject).finally(onAbort(signal, () => reject(signal.reason)));
      }) as T)
    : value;
}
