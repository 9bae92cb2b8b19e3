/**
 * bulkUpload's side of the store: the requests accepted and waiting for their processing time, the per-job rate
 * limits (40 per 5 s and 6,000 per 24 h by default, reference §1), and the counters a benchmark reads to prove no
 * record was lost and none sent twice.
 */
import type { ScimBulkOperation } from "@graphsync/types";
import { GraphHttpError } from "../errors.js";

export const UPLOAD_WINDOW_MS = 5_000;
export const UPLOAD_DAY_MS = 24 * 60 * 60 * 1000;

export interface UploadLimits {
  /** bulkUpload requests per job in 5 seconds. */
  perWindow: number;
  /** bulkUpload requests per job in 24 hours. */
  perDay: number;
}

/** An accepted request of a running job, processed at `dueAt`. */
export interface QueuedUpload {
  /** The store's write sequence when accepted: seeds the ids of what processing writes. */
  seq: number;
  dueAt: number;
  servicePrincipalId: string;
  jobId: string;
  /** The app id of the caller (jwt mode), for the log entries' initiator. */
  appId: string | null;
  operations: ScimBulkOperation[];
}

export interface UploadCounters {
  servicePrincipalId: string;
  jobId: string;
  /** Requests answered 202 (including those of a job that was not running). */
  requests: number;
  /** Operations in those requests. */
  operations: number;
  /** Requests accepted by a job that was not running: nothing of them is processed, as the service does. */
  ignoredRequests: number;
  /** Requests answered 429 by the limits. */
  throttled: number;
  /** Operations processed so far (each wrote one log entry). */
  processed: number;
  /** How many times each externalId arrived in an accepted request (pairs: an id may be any string). */
  received: Array<[string, number]>;
}

/** The counters in memory: `received` as a map. */
type LiveCounters = Omit<UploadCounters, "received"> & { received: Map<string, number> };

/** Times inside a sliding window, oldest first; pruning moves a head instead of shifting the array. */
class Window {
  private times: number[] = [];
  private head = 0;

  constructor(private readonly ms: number) {}

  /** Seconds until one more fits under `limit`, or 0 when it fits now. */
  wait(now: number, limit: number): number {
    while (this.head < this.times.length && (this.times[this.head] as number) <= now - this.ms) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    const count = this.times.length - this.head;
    if (count < limit) return 0;
    const frees = (this.times[this.head + count - limit] as number) + this.ms - now;
    return Math.max(0.001, Math.ceil(frees) / 1000);
  }

  add(now: number): void {
    this.times.push(now);
  }
}

const key = (spId: string, jobId: string) => `${spId.toLowerCase()}/${jobId.toLowerCase()}`;

export class Uploads {
  private queue: QueuedUpload[] = [];
  private counters = new Map<string, LiveCounters>();
  /** Not persisted: a restart forgets the windows (the client keeps its own daily budget). */
  private windows = new Map<string, { short: Window; day: Window }>();

  replace(queue: readonly QueuedUpload[] = [], counters: readonly UploadCounters[] = []): void {
    this.queue = structuredClone([...queue]).sort((a, b) => a.dueAt - b.dueAt);
    this.counters = new Map(
      counters.map((c) => [key(c.servicePrincipalId, c.jobId), { ...c, received: new Map(c.received) }]),
    );
    this.windows.clear();
  }

  saved(): { queue: QueuedUpload[]; counters: UploadCounters[] } {
    const counters = [...this.counters.values()].map((c) => ({ ...c, received: [...c.received] }));
    return { queue: this.queue, counters };
  }

  /** Takes a slot in the job's windows, or throws 429 with the seconds until both have one. */
  admit(spId: string, jobId: string, now: number, limits: UploadLimits): void {
    let windows = this.windows.get(key(spId, jobId));
    if (!windows) {
      windows = { short: new Window(UPLOAD_WINDOW_MS), day: new Window(UPLOAD_DAY_MS) };
      this.windows.set(key(spId, jobId), windows);
    }
    const wait = Math.max(windows.short.wait(now, limits.perWindow), windows.day.wait(now, limits.perDay));
    if (wait > 0) {
      this.countersOf(spId, jobId).throttled++;
      throw new GraphHttpError({
        status: 429,
        code: "TooManyRequests",
        message: `bulkUpload allows ${limits.perWindow} requests per ${UPLOAD_WINDOW_MS / 1000} seconds and ${limits.perDay} per 24 hours for a job. Retry after the delay in the Retry-After header.`,
        headers: { "Retry-After": String(wait) },
      });
    }
    windows.short.add(now);
    windows.day.add(now);
  }

  /** Counts an accepted request; queues it when its job is running. */
  accept(upload: QueuedUpload, running: boolean): void {
    const counters = this.countersOf(upload.servicePrincipalId, upload.jobId);
    counters.requests++;
    counters.operations += upload.operations.length;
    for (const op of upload.operations) {
      const id = op.data.externalId;
      counters.received.set(id, (counters.received.get(id) ?? 0) + 1);
    }
    if (!running) {
      counters.ignoredRequests++;
      return;
    }
    let at = this.queue.length;
    while (at > 0 && (this.queue[at - 1] as QueuedUpload).dueAt > upload.dueAt) at--;
    this.queue.splice(at, 0, upload);
  }

  /** Removes and returns the requests due at `now`, in the order they were accepted. */
  takeDue(now: number): QueuedUpload[] {
    let n = 0;
    while (n < this.queue.length && (this.queue[n] as QueuedUpload).dueAt <= now) n++;
    return n ? this.queue.splice(0, n) : [];
  }

  processed(upload: QueuedUpload): void {
    this.countersOf(upload.servicePrincipalId, upload.jobId).processed += upload.operations.length;
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Every job's counters; `received` summarised unless `detail`. */
  summary(detail = false) {
    return [...this.counters.values()].map(({ received, ...rest }) => {
      const counts = [...received.values()];
      return {
        ...rest,
        externalIds: counts.length,
        receivedMoreThanOnce: counts.filter((n) => n > 1).length,
        pendingRequests: this.queue.filter(
          (q) => key(q.servicePrincipalId, q.jobId) === key(rest.servicePrincipalId, rest.jobId),
        ).length,
        ...(detail ? { received: [...received] } : {}),
      };
    });
  }

  private countersOf(spId: string, jobId: string): LiveCounters {
    let counters = this.counters.get(key(spId, jobId));
    if (!counters) {
      counters = {
        servicePrincipalId: spId,
        jobId,
        requests: 0,
        operations: 0,
        ignoredRequests: 0,
        throttled: 0,
        processed: 0,
        received: new Map(),
      };
      this.counters.set(key(spId, jobId), counters);
    }
    return counters;
  }
}
