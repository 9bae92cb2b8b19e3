/**
 * The provisioning log entry of one processed bulkUpload operation. Contract the CLI relies on (keep it stable):
 * `jobId` is the job's id, `sourceIdentity.id` the record's externalId (its `details.bulkId` the operation's
 * bulkId), `targetIdentity.id` the Entra user's id (null when a create failed), `initiatedBy.initiatorType`
 * "application", and one entry per operation.
 */
import type { ProvisioningObjectSummary, ProvisioningStep } from "@graphsync/types";
import type { Random } from "../random.js";
import type { DirectoryUser, ModifiedProperty } from "./directory.js";

export type Action = "create" | "update" | "disable" | "other";
export type Status = "success" | "failure" | "skipped";

export interface UploadOutcome {
  externalId: string;
  bulkId: string;
  /** The record's displayName, userName or externalId. */
  name: string;
  action: Action;
  status: Status;
  /** Whether a user with the record's employeeId existed. */
  matched: boolean;
  user: DirectoryUser | undefined;
  changes: ModifiedProperty[];
  error?: { code: string; reason: string; action: string };
  /** The manager reference the record made, and whether it resolved. */
  manager?: { externalId: string; resolved: boolean };
}

export interface EntryContext {
  now: number;
  tenantId: string;
  jobId: string;
  cycleId: string;
  servicePrincipal: { id: string; displayName: string | null };
  appId: string | null;
  random: Random;
}

const step = (
  provisioningStepType: NonNullable<ProvisioningStep["provisioningStepType"]>,
  name: string,
  status: NonNullable<ProvisioningStep["status"]>,
  description: string,
  details: Record<string, string> = {},
): ProvisioningStep => ({ provisioningStepType, name, status, description, details });

function steps(o: UploadOutcome): ProvisioningStep[] {
  const who = `User '${o.name}'`;
  const list = [
    step("import", "EntryImportAdd", "success", `Received ${who} (externalId '${o.externalId}') from the API.`),
    step(
      "matching",
      "EntryMatching",
      "success",
      o.matched
        ? `${who} matched the Microsoft Entra ID user with employeeId '${o.externalId}'.`
        : `No Microsoft Entra ID user has employeeId '${o.externalId}': it will be created.`,
    ),
    step("processing", "EntrySynchronizationScoping", "success", `${who} is in scope.`),
  ];
  if (o.manager) {
    list.push(
      o.manager.resolved
        ? step(
            "referenceResolution",
            "EntryReferenceResolution",
            "success",
            `Manager '${o.manager.externalId}' resolved.`,
          )
        : step(
            "referenceResolution",
            "EntryReferenceResolutionFailed",
            "warning",
            `Manager '${o.manager.externalId}' was not found in Microsoft Entra ID: the user has no manager until that record arrives.`,
            { ReferencedObjectId: o.manager.externalId },
          ),
    );
  }
  list.push(exportStep(o, who));
  return list;
}

function exportStep(o: UploadOutcome, who: string): ProvisioningStep {
  if (o.status === "failure") {
    return step("export", "EntryExportFailed", "failure", `${who} could not be exported: ${o.error?.reason ?? ""}`);
  }
  if (o.status === "skipped") return step("export", "EntryExportSkipped", "skipped", "No changes to export.");
  const verb = o.action === "create" ? "created" : o.action === "disable" ? "disabled" : "updated";
  const name = o.action === "create" ? "EntryExportAdd" : "EntryExportUpdate";
  return step("export", name, "success", `${who} was ${verb} in Microsoft Entra ID.`);
}

function errorInformation(
  o: UploadOutcome,
): NonNullable<ProvisioningObjectSummary["provisioningStatusInfo"]>["errorInformation"] {
  if (o.status === "skipped") {
    return {
      errorCode: "RedundantExport",
      errorCategory: "nonServiceFailure",
      reason: "The state of the user in both the source and target systems already match.",
      additionalDetails: null,
      recommendedAction: null,
    };
  }
  if (!o.error) return null;
  return {
    errorCode: o.error.code,
    errorCategory: "nonServiceFailure",
    reason: o.error.reason,
    additionalDetails: `bulkId '${o.bulkId}'`,
    recommendedAction: o.error.action,
  };
}

export function uploadEntry(o: UploadOutcome, ctx: EntryContext): ProvisioningObjectSummary {
  const target = o.user;
  return {
    id: ctx.random.uuid(),
    activityDateTime: new Date(ctx.now).toISOString(),
    tenantId: ctx.tenantId,
    jobId: ctx.jobId,
    cycleId: ctx.cycleId,
    changeId: ctx.random.uuid(),
    durationInMilliseconds: 150 + ctx.random.int(900),
    initiatedBy: { id: ctx.appId, displayName: null, initiatorType: "application" },
    provisioningAction: o.action,
    provisioningStatusInfo: { status: o.status, errorInformation: errorInformation(o) },
    provisioningSteps: steps(o),
    modifiedProperties: o.changes,
    servicePrincipal: { ...ctx.servicePrincipal },
    sourceIdentity: { id: o.externalId, displayName: o.name, identityType: "User", details: { bulkId: o.bulkId } },
    targetIdentity: {
      id: target?.id ?? null,
      displayName: target?.displayName ?? null,
      identityType: "User",
      details: target?.userPrincipalName ? { userPrincipalName: target.userPrincipalName } : {},
    },
    sourceSystem: { id: null, displayName: "API", details: {} },
    targetSystem: { id: null, displayName: "Azure Active Directory", details: {} },
  };
}
