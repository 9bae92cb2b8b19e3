/** Time, injected: the real clock here; tests pass a manual one (the emulator's) so waits take no real time. */
import { setTimeout as delay } from "node:timers/promises";

export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when it aborts (and leaves no timer behind). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    try {
      await delay(ms, undefined, signal ? { signal } : undefined);
    } catch (error) {
      // node:timers rejects with its own AbortError; callers (the client's retry) expect the signal's reason.
      throw signal?.aborted ? signal.reason : error;
    }
  },
};
