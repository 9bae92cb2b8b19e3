/**
 * The tenant's provisioning logs (`GET /auditLogs/provisioning`): entries written by start, restart,
 * provisionOnDemand, the jobs' executions and quarantine retries (cycle-log.ts), kept in time order and answered
 * newest first, as the service does.
 */
import type { ProvisioningObjectSummary, ProvisioningStep } from "@graphsync/types";
import { GraphHttpError } from "../errors.js";
import { type Random, uuidFrom } from "../random.js";
import { type EntryBase, type Outcome, objectEntry } from "./log-entries.js";
import { RateWindow } from "./rate-window.js";
import { findPerson, type SourcePerson } from "./source-directory.js";

/** Entries kept by default: the oldest are dropped beyond it (the service keeps 7 to 30 days). */
export const LOG_CAP = 1000;
/** The reads' window: `limits.provisioningLogRequests` per 10 seconds per client (reference §2). */
export const LOG_WINDOW_MS = 10_000;
/** Clients whose windows are kept (each is small; a flood of new tokens must not grow memory without bound). */
const WINDOW_CAP = 1000;

/** What every entry of one operation shares. */
export interface LogContext {
  now: number;
  tenantId: string;
  jobId: string;
  servicePrincipal: { id: string; displayName: string | null };
  /** The ids' source: seeded per write (the store's seq), so ids stay unique across a restart from a saved state. */
  random: Random;
}

export interface OnDemandSubject {
  objectId: string;
  objectTypeName: string;
  /** Provisioned on demand before: the service skips it ("RedundantExport"). */
  known: boolean;
}

const SERVICE = { id: null, displayName: "Azure AD Provisioning Service", initiatorType: "system" } as const;

export class ProvisioningLogs {
  private entries: ProvisioningObjectSummary[] = [];
  /** Entries dropped at the oldest end since the logs were loaded: paging positions are absolute. */
  private dropped = 0;
  private windows = new Map<string, RateWindow>();

  constructor(private readonly cap = LOG_CAP) {}

  /** Admits one read by `caller` at `now`, or throws 429 with the seconds until its window frees a slot. */
  admit(caller: string, now: number, limit: number): void {
    let window = this.windows.get(caller);
    if (!window || window.limit !== limit) {
      if (this.windows.size >= WINDOW_CAP) this.windows.clear();
      window = new RateWindow(limit, LOG_WINDOW_MS);
      this.windows.set(caller, window);
    }
    const wait = window.take(now);
    if (wait === undefined) return;
    throw new GraphHttpError({
      status: 429,
      code: "TooManyRequests",
      message: `The provisioning logs allow ${limit} requests per ${LOG_WINDOW_MS / 1000} seconds per client. Retry after the delay in the Retry-After header.`,
      headers: { "Retry-After": String(wait) },
    });
  }

  /** Replaces the entries (a loaded state's, oldest first). */
  replace(entries: readonly ProvisioningObjectSummary[]): void {
    this.entries = structuredClone([...entries]).slice(-this.cap);
    this.dropped = 0;
    this.windows.clear();
  }

  /** Oldest first, as persisted. */
  saved(): ProvisioningObjectSummary[] {
    return this.entries;
  }

  /** Entries kept at most. */
  get capacity(): number {
    return this.cap;
  }

  get size(): number {
    return this.entries.length;
  }

  /**
   * One page, newest first, of the entries `keep` accepts: up to `top` of those older than position `before` (an
   * absolute position, from `next` of the page before; none for the first page), and the position the next page
   * starts at when more follow. Positions count from the first entry ever written, so entries written meanwhile
   * (at the newest end) or dropped (at the oldest) do not shift a client's paging. Walks without copying.
   */
  page(keep: (entry: ProvisioningObjectSummary) => boolean, before: number | undefined, top: number) {
    const value: ProvisioningObjectSummary[] = [];
    const start = before === undefined ? this.entries.length : Math.min(this.entries.length, before - this.dropped);
    for (let i = start - 1; i >= 0; i--) {
      const entry = this.entries[i] as ProvisioningObjectSummary;
      if (!keep(entry)) continue;
      if (value.length === top) return { value, next: this.dropped + i + 1 };
      value.push(entry);
    }
    return { value, next: undefined };
  }

  /** A start or restart: one entry for the cycle it begins. */
  cycle(context: LogContext, kind: "start" | "restart"): void {
    this.append({
      ...this.common(context, context.random.uuid()),
      durationInMilliseconds: 0,
      initiatedBy: { ...SERVICE },
      provisioningAction: "other",
      provisioningStatusInfo: { status: "success", errorInformation: null },
      provisioningSteps: [
        step("import", kind === "start" ? "CycleStart" : "CycleRestart", "success", `Job ${kind}ed a cycle.`),
      ],
      modifiedProperties: [],
      sourceIdentity: { id: null, displayName: null, identityType: null, details: {} },
      targetIdentity: { id: null, displayName: null, identityType: null, details: {} },
    });
  }

  /**
   * provisionOnDemand: one entry per subject, in one cycle. An object of the job's source directory behaves as it
   * does in cycles (out of scope, failing); one provisioned before is skipped (RedundantExport); others are created.
   */
  onDemand(context: LogContext, job: JobRef, subjects: readonly OnDemandSubject[]): void {
    const cycleId = context.random.uuid();
    for (const subject of subjects) {
      const person = findPerson(job, subject.objectId) ?? unknownPerson(job, subject.objectId);
      let outcome: Outcome = subject.known ? "redundant" : "create";
      if (person.disposition === "outOfScope" || person.disposition === "duplicateTarget") outcome = person.disposition;
      else if (person.disposition === "updateRejected" && subject.known) outcome = "updateRejected";
      const base: EntryBase = {
        ...this.common(context, cycleId),
        durationInMilliseconds: subject.known ? 412 : 1453,
        initiatedBy: "application",
      };
      this.append(objectEntry(base, job, person, outcome));
    }
  }

  private common(context: LogContext, cycleId: string) {
    return {
      id: context.random.uuid(),
      activityDateTime: new Date(context.now).toISOString(),
      tenantId: context.tenantId,
      jobId: context.jobId,
      cycleId,
      changeId: context.random.uuid(),
      servicePrincipal: { ...context.servicePrincipal },
    };
  }

  /**
   * Adds one entry in time order (entries written lazily for past cycles can arrive after newer ones), dropping the
   * oldest beyond the cap.
   */
  append(entry: ProvisioningObjectSummary): void {
    this.insert(entry);
    this.trim();
  }

  /** Adds many entries, trimming once: sorted, then merged with the newer end of the log in one pass. */
  appendAll(entries: readonly ProvisioningObjectSummary[]): void {
    if (entries.length === 0) return;
    const batch = [...entries].sort((a, b) => timeOf(a) - timeOf(b));
    const from = this.positionAfter(timeOf(batch[0] as ProvisioningObjectSummary));
    const tail = this.entries.splice(from);
    let i = 0;
    let j = 0;
    while (i < tail.length || j < batch.length) {
      const next =
        j >= batch.length ||
        (i < tail.length &&
          timeOf(tail[i] as ProvisioningObjectSummary) <= timeOf(batch[j] as ProvisioningObjectSummary))
          ? tail[i++]
          : batch[j++];
      this.entries.push(next as ProvisioningObjectSummary);
    }
    this.trim();
  }

  private trim(): void {
    const extra = this.entries.length - this.cap;
    if (extra <= 0) return;
    this.entries.splice(0, extra);
    this.dropped += extra;
  }

  private insert(entry: ProvisioningObjectSummary): void {
    const at = timeOf(entry);
    const length = this.entries.length;
    if (length === 0 || timeOf(this.entries[length - 1] as ProvisioningObjectSummary) <= at) this.entries.push(entry);
    else this.entries.splice(this.positionAfter(at), 0, entry);
  }

  /** The index of the first entry later than `time`. */
  private positionAfter(time: number): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (timeOf(this.entries[mid] as ProvisioningObjectSummary) <= time) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

type JobRef = { id: string; templateId?: string | null };

/** An object outside the job's source directory, named only by the id the client sent. */
function unknownPerson(job: JobRef, objectId: string): SourcePerson {
  return {
    index: -1,
    sourceId: objectId,
    targetId: uuidFrom(`${job.id}/${objectId}/target`),
    userPrincipalName: objectId,
    displayName: objectId,
    externalId: objectId,
    department: "Operations",
    disposition: "ok",
  };
}

function timeOf(entry: ProvisioningObjectSummary): number {
  return Date.parse(entry.activityDateTime);
}

function step(
  type: NonNullable<ProvisioningStep["provisioningStepType"]>,
  name: string,
  status: NonNullable<ProvisioningStep["status"]>,
  description: string,
): ProvisioningStep {
  return { provisioningStepType: type, name, status, description, details: {} };
}
