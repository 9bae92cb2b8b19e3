/**
 * The tenant's provisioning logs (`GET /auditLogs/provisioning`): entries written by start, restart and
 * provisionOnDemand, kept in the order they were written and answered newest first, as the service does.
 */
import type { ProvisioningObjectSummary, ProvisioningStep } from "@graphsync/types";
import { GraphHttpError } from "../errors.js";
import type { Random } from "../random.js";
import { RateWindow } from "./rate-window.js";

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
    this.windows.clear();
  }

  /** Oldest first, as persisted. */
  saved(): ProvisioningObjectSummary[] {
    return this.entries;
  }

  /** Newest first, as the service answers. */
  newestFirst(): ProvisioningObjectSummary[] {
    return [...this.entries].reverse();
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

  /** provisionOnDemand: one entry per subject, in one cycle; a known subject is skipped. */
  onDemand(context: LogContext, subjects: readonly OnDemandSubject[]): void {
    const cycleId = context.random.uuid();
    for (const subject of subjects) this.append(this.onDemandEntry(context, cycleId, subject));
  }

  private onDemandEntry(context: LogContext, cycleId: string, subject: OnDemandSubject): ProvisioningObjectSummary {
    const { objectId, objectTypeName: type, known } = subject;
    const outcome = known ? "skipped" : "success";
    return {
      ...this.common(context, cycleId),
      durationInMilliseconds: known ? 412 : 1453,
      initiatedBy: { id: null, displayName: null, initiatorType: "application" },
      provisioningAction: known ? "other" : "create",
      provisioningStatusInfo: {
        status: outcome,
        errorInformation: known
          ? {
              errorCode: "RedundantExport",
              errorCategory: "nonServiceFailure",
              reason: `The state of the ${type} in both the source and target systems already match.`,
              additionalDetails: null,
              recommendedAction: null,
            }
          : null,
      },
      provisioningSteps: [
        step("import", "EntryImport", "success", `Retrieved ${type} '${objectId}' from the source system.`),
        step("matching", "EntryMatching", "success", `${type} '${objectId}' matched in the target system.`),
        step("processing", "EntrySynchronizationScoping", "success", `${type} '${objectId}' is in scope.`),
        step(
          "export",
          known ? "EntryExportSkipped" : "EntryExportAdd",
          outcome,
          known ? "No changes to export." : `${type} '${objectId}' was created in the target system.`,
        ),
      ],
      modifiedProperties: known ? [] : [{ displayName: "accountEnabled", oldValue: null, newValue: "True" }],
      sourceIdentity: { id: objectId, displayName: objectId, identityType: type, details: {} },
      targetIdentity: { id: context.random.uuid(), displayName: objectId, identityType: type, details: {} },
    };
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

  /** Adds one entry (also what inbound provisioning writes, store/upload-log.ts), dropping the oldest beyond the cap. */
  append(entry: ProvisioningObjectSummary): void {
    this.entries.push(entry);
    if (this.entries.length > this.cap) this.entries.splice(0, this.entries.length - this.cap);
  }
}

function step(
  type: NonNullable<ProvisioningStep["provisioningStepType"]>,
  name: string,
  status: NonNullable<ProvisioningStep["status"]>,
  description: string,
): ProvisioningStep {
  return { provisioningStepType: type, name, status, description, details: {} };
}
