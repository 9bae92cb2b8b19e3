/**
 * The tenant's provisioning logs (`GET /auditLogs/provisioning`): entries written by start, restart and
 * provisionOnDemand, kept in the order they were written and answered newest first, as the service does.
 */
import type { ProvisioningObjectSummary, ProvisioningStep } from "@graphsync/types";
import type { Random } from "../random.js";

/** Entries kept: the oldest are dropped beyond this (the service keeps 7 to 30 days). */
export const LOG_CAP = 10_000;

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

  /** Replaces the entries (a loaded state's, oldest first). */
  replace(entries: readonly ProvisioningObjectSummary[]): void {
    this.entries = structuredClone([...entries]).slice(-LOG_CAP);
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

  private append(entry: ProvisioningObjectSummary): void {
    this.entries.push(entry);
    if (this.entries.length > LOG_CAP) this.entries.splice(0, this.entries.length - LOG_CAP);
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
