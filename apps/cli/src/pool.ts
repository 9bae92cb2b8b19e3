/**
 * A bounded worker pool over an async iterable: at most `concurrency` items are in flight, and the next item is read
 * only when a lane is free, so a 10,000-record input is never buffered. Reading stops at the first input error or
 * when the signal aborts; lanes finish the item they hold, then the error (if any) is rethrown.
 */
export async function runPool<T>(
  items: AsyncIterable<T>,
  concurrency: number,
  worker: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const iterator = items[Symbol.asyncIterator]();
  let stopped = false;
  let failed = false;
  let failure: unknown;
  const fail = (error: unknown) => {
    stopped = true;
    if (!failed) {
      failed = true;
      failure = error;
    }
  };

  async function lane(): Promise<void> {
    while (!stopped && !signal?.aborted) {
      let next: IteratorResult<T>;
      try {
        // Concurrent next() calls on an async generator are queued by the runtime: each item goes to one lane.
        next = await iterator.next();
      } catch (error) {
        fail(error);
        return;
      }
      if (next.done) {
        stopped = true;
        return;
      }
      if (signal?.aborted) return;
      try {
        await worker(next.value);
      } catch (error) {
        fail(error);
        return;
      }
    }
  }

  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, lane));
  if (!failed) {
    // Stopped early (aborted): let the source release its file handle. Not awaited: a pending read on an
    // interactive stdin would never finish.
    void Promise.resolve(iterator.return?.()).catch(() => {});
  }
  if (failed) throw failure;
}
