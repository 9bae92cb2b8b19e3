/** Real-time waits (fault latency) that all end, resolved, when the emulator closes. */
import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";

export interface Delays {
  delay(ms: number): Promise<void>;
  cancelAll(): void;
}

export function createDelays(): Delays {
  const controller = new AbortController();
  // One listener per pending wait: a burst of slow requests must not warn.
  setMaxListeners(0, controller.signal);
  return {
    delay: (ms) => sleep(ms, undefined, { signal: controller.signal }).catch(() => {}),
    cancelAll: () => controller.abort(),
  };
}
