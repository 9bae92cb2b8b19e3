/**
 * Processing one accepted bulkUpload request, as the job would: each record matched (externalId ↔ employeeId),
 * then created, updated or disabled; then, once every record of the request is in, the manager references (so
 * their order does not matter); a manager not there yet is waited for across requests. One log entry per record.
 */
import type { ProvisioningObjectSummary, ScimBulkOperation } from "@graphsync/types";
import type { Random } from "../random.js";
import { applyMapped, blankUser, type Directory } from "./directory.js";
import { managerOf, mapScimUser, recordName, refusal } from "./scim-map.js";
import { type EntryContext, type UploadOutcome, uploadEntry } from "./upload-log.js";
import type { QueuedUpload } from "./uploads.js";

export interface ProcessContext {
  directory: Directory;
  /** Seeded per request, so the ids it writes are reproducible. */
  random: Random;
  tenantId: string;
  servicePrincipal: { id: string; displayName: string | null };
  append(entry: ProvisioningObjectSummary): void;
}

/** Creates, updates or disables the user of one operation (its manager comes later). */
function applyRecord(directory: Directory, op: ScimBulkOperation, random: Random): UploadOutcome {
  const record = op.data;
  const base = { externalId: record.externalId, bulkId: op.bulkId, name: recordName(record) };
  const mapped = mapScimUser(record);
  const existing = directory.byEmployee(record.externalId);
  const attempted = existing ? "update" : "create";
  let error = refusal(mapped, !existing);
  if (!error && mapped.userPrincipalName !== undefined && directory.upnTaken(mapped.userPrincipalName, existing?.id)) {
    error = {
      code: "AzureActiveDirectoryConflictEncountered",
      reason: `Another user already has the userPrincipalName '${mapped.userPrincipalName.slice(0, 100)}'.`,
      action: "Give the record a unique userName, or remove the conflicting user, and upload it again.",
    };
  }
  if (error) {
    return { ...base, action: attempted, status: "failure", matched: !!existing, user: existing, changes: [], error };
  }
  if (!existing) {
    const user = blankUser(random.uuid());
    const changes = applyMapped(user, mapped);
    directory.add(user);
    return { ...base, action: "create", status: "success", matched: false, user, changes };
  }
  const wasEnabled = existing.accountEnabled;
  const before = { employeeId: existing.employeeId, userPrincipalName: existing.userPrincipalName };
  const changes = applyMapped(existing, mapped);
  directory.reindex(existing, before);
  const action = wasEnabled && !existing.accountEnabled ? "disable" : changes.length ? "update" : "other";
  const status = changes.length ? "success" : "skipped";
  return { ...base, action, status, matched: true, user: existing, changes };
}

/** Sets the manager a record names, or leaves the user waiting for that record (a warning, not a failure). */
function resolveManager(directory: Directory, op: ScimBulkOperation, outcome: UploadOutcome): void {
  const user = outcome.user;
  const externalId = managerOf(op.data);
  if (!user || outcome.status === "failure" || externalId === undefined) return;
  const manager = directory.byEmployee(externalId);
  if (!manager || manager.id === user.id) {
    directory.wait(externalId, user.id);
    outcome.manager = { externalId, resolved: false };
    return;
  }
  directory.stopWaiting(user.id);
  outcome.manager = { externalId, resolved: true };
  if (user.managerId === manager.id) return;
  outcome.changes.push({ displayName: "manager", oldValue: user.managerId, newValue: manager.id });
  user.managerId = manager.id;
  if (outcome.status === "skipped") {
    outcome.status = "success";
    outcome.action = "update";
  }
}

/** Processes one request at `now`; returns how many users got a manager that was waited for. */
export function processUpload(upload: QueuedUpload, now: number, ctx: ProcessContext): number {
  const { directory, random } = ctx;
  const outcomes = upload.operations.map((op) => applyRecord(directory, op, random));
  let resolved = 0;
  for (const outcome of outcomes) {
    if (outcome.user && outcome.status !== "failure") resolved += directory.resolveWaiting(outcome.user);
  }
  upload.operations.forEach((op, i) => {
    resolveManager(directory, op, outcomes[i] as UploadOutcome);
  });
  const entry: EntryContext = {
    now,
    tenantId: ctx.tenantId,
    jobId: upload.jobId,
    cycleId: random.uuid(),
    servicePrincipal: ctx.servicePrincipal,
    appId: upload.appId,
    random,
  };
  for (const outcome of outcomes) ctx.append(uploadEntry(outcome, entry));
  return resolved;
}
