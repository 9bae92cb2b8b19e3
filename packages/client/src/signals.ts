/** The one way the client listens to an AbortSignal: for token waits, retry waits and attempts with a timeout. */

/** Calls `listener` when `signal` fires, at once if it already has; returns the function that stops listening. */
export function onAbort(signal: AbortSignal | undefined, listener: () => void): () => void {
  if (signal?.aborted) listener();
  signal?.addEventListener("abort", listener);
  return () => signal?.removeEventListener("abort", listener);
}

/** Settles as `promise` does, or rejects with the signal's reason as soon as it fires. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal
    ? new Promise<T>((resolve, reject) => {
        promise.then(resolve, reject).finally(onAbort(signal, () => reject(signal.reason)));
      })
    : promise;
}
