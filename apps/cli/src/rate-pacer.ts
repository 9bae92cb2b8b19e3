/**
 * A client-side sliding window: at most `limit` requests start in any `windowMs`. The provisioning logs allow 5
 * requests per 10 s per app and tenant (reference §2); keeping under it means a long read is paced instead of being
 * refused and retried. Retries pass through the same window; a 429's Retry-After is still honoured by the client.
 */
import type { Clock } from "./clock.js";
import type { FetchLike } from "./transport.js";

export interface PacerOptions {
  limit: number;
  windowMs: number;
  clock: Pick<Clock, "now" | "sleep">;
}

/** One pacer for every paced call: the provisioning logs (here, for every command) and `upload`'s bulkUpload. */
export class Pacer {
  readonly limit: number;
  readonly windowMs: number;
  private readonly clock: Pick<Clock, "now" | "sleep">;
  /** When each of the last `limit` requests was allowed to start (ascending). */
  readonly #slots: number[] = [];

  constructor({ limit, windowMs, clock }: PacerOptions) {
    if (!Number.isInteger(limit) || limit < 1 || !(windowMs > 0)) throw new Error("invalid rate window");
    this.limit = limit;
    this.windowMs = windowMs;
    this.clock = clock;
  }

  /** Waits until a request may start. Slots are reserved synchronously, so concurrent callers never share one. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const now = this.clock.now();
    const oldest = this.#slots.length >= this.limit ? (this.#slots[this.#slots.length - this.limit] ?? 0) : undefined;
    const slot = oldest === undefined ? now : Math.max(now, oldest + this.windowMs);
    this.#slots.push(slot);
    if (this.#slots.length > this.limit) this.#slots.splice(0, this.#slots.length - this.limit);
    if (slot > now) await this.clock.sleep(slot - now, signal);
  }
}

/** `inner`, with the requests whose URL `paced` selects held to the pacer's window. */
export function pacedFetch(inner: FetchLike, pacer: Pacer, paced: (url: string) => boolean): FetchLike {
  return async (url, init) => {
    if (paced(url)) await pacer.acquire(init?.signal ?? undefined);
    return inner(url, init);
  };
}

/** The provisioning logs' limit (reference §2): 5 requests per 10 seconds. */
export const LOG_REQUESTS = 5;
export const LOG_WINDOW_MS = 10_000;

/** A request for the provisioning logs (a first page or a nextLink). */
export const isProvisioningLogs = (url: string): boolean => {
  try {
    return new URL(url).pathname.endsWith("/auditLogs/provisioning");
  } catch {
    return false;
  }
};

/**
 * Requests per 10 s for the provisioning logs: 5, or GRAPHSYNC_LOGS_RATE (for an emulator whose limit was raised,
 * as the benchmarks do; the service itself refuses more).
 */
export function logRequestsPerWindow(env: Readonly<Record<string, string | undefined>>): number {
  const text = env.GRAPHSYNC_LOGS_RATE;
  const value = text === undefined ? Number.NaN : Number(text);
  return Number.isInteger(value) && value >= 1 && value <= 100_000 ? value : LOG_REQUESTS;
}
