/**
 * A sliding-window pacer: at most `limit` requests in any `windowMs`, on an injected clock (tests use a manual one:
 * no real waiting). Every attempt passes through it, the client's retries included, so pacing and Retry-After
 * compose: a retry first waits what the service asked, then for a free slot in the window.
 */
import type { Clock } from "../clock.js";

export interface PacerOptions {
  limit: number;
  windowMs: number;
  clock: Clock;
}

export class Pacer {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #clock: Clock;
  /** Send times of the last `limit` requests, oldest first. */
  readonly #sent: number[] = [];
  /** Requests wait their turn in order. */
  #queue: Promise<void> = Promise.resolve();

  constructor({ limit, windowMs, clock }: PacerOptions) {
    this.#limit = limit;
    this.#windowMs = windowMs;
    this.#clock = clock;
  }

  /** Resolves when one more request may be sent (and counts it as sent then). */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.#queue.then(() => this.#take(signal));
    // A waiter that was aborted must not block the ones after it.
    this.#queue = turn.catch(() => {});
    return turn;
  }

  /** How long the next request would wait now. */
  delay(): number {
    if (this.#sent.length < this.#limit) return 0;
    const oldest = this.#sent[this.#sent.length - this.#limit] as number;
    return Math.max(0, oldest + this.#windowMs - this.#clock.now());
  }

  async #take(signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      const wait = this.delay();
      if (wait <= 0) break;
      await this.#clock.sleep(wait, signal);
    }
    this.#sent.push(this.#clock.now());
    if (this.#sent.length > this.#limit) this.#sent.splice(0, this.#sent.length - this.#limit);
  }
}
