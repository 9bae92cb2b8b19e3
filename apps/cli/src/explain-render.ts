/** How `graphsync explain` shows one object's entries and its job, and why there may be none. */
import type { ProvisioningObjectSummary } from "@graphsync/client";
import type { SynchronizationJob } from "@graphsync/types";
import type { Output } from "./core.js";
import { oneLine } from "./logs-format.js";
import { RETENTION_DAYS } from "./logs-query.js";

const STEP_ORDER = ["import", "scoping", "matching", "processing", "referenceResolution", "export"];
const rank = (type: string | null | undefined) => {
  const at = STEP_ORDER.indexOf(type ?? "");
  return at < 0 ? STEP_ORDER.length : at;
};

/** The steps in the order the service runs them (a stable sort keeps the entry's order within one type). */
export function orderedSteps(entry: ProvisioningObjectSummary) {
  return [...(entry.provisioningSteps ?? [])].sort(
    (a, b) => rank(a.provisioningStepType) - rank(b.provisioningStepType),
  );
}

const side = (identity: ProvisioningObjectSummary["sourceIdentity"]) =>
  identity?.displayName && identity.id && identity.displayName !== identity.id
    ? `${identity.displayName} (${identity.id})`
    : (identity?.displayName ?? identity?.id ?? "-");

/** The job's context in one line: status, quarantine, last cycle. */
export function jobContext(job: SynchronizationJob): string[] {
  const status = job.status ?? {};
  const lines = [`${job.id ?? "-"}: ${status.code ?? "unknown"}`];
  const q = status.quarantine;
  if (q) {
    lines.push(
      `quarantined (${q.reason ?? "?"}) since ${q.seriesBegan ?? q.currentBegan ?? "?"}, next attempt ${q.nextAttempt ?? "-"}${q.error?.message ? `: ${oneLine(q.error.message)}` : ""}`,
    );
  }
  const last = status.lastExecution;
  lines.push(
    last?.timeBegan
      ? `last cycle ${last.timeBegan} → ${last.timeEnded ?? "running"}${last.state ? ` (${last.state})` : ""}`
      : "no cycle has run yet",
  );
  const progress = status.progress?.[0];
  if (progress?.totalUnits && (progress.completedUnits ?? 0) < progress.totalUnits) {
    lines.push(`initial cycle running: ${progress.completedUnits ?? 0} of ${progress.totalUnits} objects`);
  }
  return lines;
}

export function printExplanation(output: Output, entries: ProvisioningObjectSummary[], job: SynchronizationJob): void {
  const [latest, ...earlier] = entries;
  if (!latest) return;
  const s = output.out;
  const label = (text: string) => s.bold(text.padEnd(11));
  const info = latest.provisioningStatusInfo;
  output.print(`${label("Object")} ${side(latest.sourceIdentity)} → ${side(latest.targetIdentity)}`);
  for (const [i, line] of jobContext(job).entries()) output.print(`${label(i === 0 ? "Job" : "")} ${line}`);
  output.print();
  output.print(
    `${label("Latest")} ${latest.activityDateTime ?? "-"}  ${latest.provisioningAction ?? "-"}  ${paint(output, info?.status)}  cycle ${latest.cycleId ?? "-"}`,
  );
  output.print(s.bold("Steps"));
  orderedSteps(latest).forEach((step, i) => {
    const type = (step.provisioningStepType ?? "-").padEnd(19);
    output.print(
      `  ${i + 1}. ${type} ${paint(output, step.status).padEnd(7)}  ${oneLine(step.description ?? step.name ?? "")}`,
    );
  });
  const error = info?.errorInformation;
  if (error && (error.errorCode || error.reason)) {
    output.print(s.bold("Error"));
    output.print(`  ${error.errorCode ?? "-"}${error.errorCategory ? ` (${error.errorCategory})` : ""}`);
    if (error.reason) output.print(`  reason: ${oneLine(error.reason)}`);
    if (error.additionalDetails) output.print(`  details: ${oneLine(error.additionalDetails)}`);
    output.print(`  recommended action: ${oneLine(error.recommendedAction ?? "none given")}`);
  }
  const modified = latest.modifiedProperties ?? [];
  if (modified.length > 0) {
    output.print(s.bold("Modified properties"));
    for (const p of modified) {
      output.print(
        `  ${p.displayName ?? "-"}: ${oneLine(p.oldValue ?? "(none)")} → ${oneLine(p.newValue ?? "(none)")}`,
      );
    }
  }
  if (earlier.length > 0) {
    output.print(s.bold("Earlier entries"));
    for (const e of earlier) {
      const code = e.provisioningStatusInfo?.errorInformation?.errorCode;
      output.print(
        `  ${e.activityDateTime ?? "-"}  ${e.provisioningAction ?? "-"}  ${paint(output, e.provisioningStatusInfo?.status)}${code ? `  ${code}` : ""}`,
      );
    }
  }
}

function paint(output: Output, status: string | null | undefined): string {
  const s = output.out;
  const text = status ?? "-";
  return text === "success"
    ? s.green(text)
    : text === "failure"
      ? s.red(text)
      : text === "skipped"
        ? s.yellow(text)
        : text;
}

export interface NoEntryInput {
  servicePrincipalId: string;
  jobId: string;
  user: string;
  job: SynchronizationJob;
}

/** Why an object may have no entry, the likeliest first given the job's state, and what to try. */
export function whyNoEntry({ servicePrincipalId, jobId, user, job }: NoEntryInput): {
  reasons: string[];
  tries: string[];
} {
  const ids = `--sp ${servicePrincipalId} --job ${jobId}`;
  const status = job.status ?? {};
  const reasons: string[] = [];
  const tries: string[] = [];
  switch (status.code) {
    case "Paused":
      reasons.push("the job is paused: no cycle runs, so nothing is written until it is started");
      tries.push(`graphsync jobs start ${ids}`);
      break;
    case "Quarantine":
      reasons.push(`the job is quarantined (${status.quarantine?.reason ?? "?"}): its cycles stopped`);
      tries.push(`graphsync health ${ids}   # the restart that fits the quarantine`);
      break;
    case "NotRun":
    case "NotConfigured":
      reasons.push(`the job has never run (${status.code})`);
      break;
  }
  const progress = status.progress?.[0];
  if (progress?.totalUnits && (progress.completedUnits ?? 0) < progress.totalUnits) {
    reasons.push(
      `the initial cycle has not reached every object yet (${progress.completedUnits ?? 0} of ${progress.totalUnits})`,
    );
  }
  reasons.push(
    "the object is out of scope: not assigned to the application, or filtered out by a scoping filter (an object never in scope may have no entry at all)",
    `the logs are not written yet: a change is picked up by the next cycle${job.schedule?.interval ? ` (every ${job.schedule.interval})` : ""}`,
    `its entries are older than the retention: ${RETENTION_DAYS} days with Entra ID P1/P2, 7 without`,
    `${JSON.stringify(user)} is not how the entries name it: --user is compared exactly (case-sensitive) with the id and display name on both sides`,
  );
  tries.push(
    `graphsync jobs provision ${ids} --rule <ruleId> --subject <objectId>   # provision it now: writes an entry at once`,
    `graphsync logs --sp ${servicePrincipalId} --user ${JSON.stringify(user)}   # any job of this service principal`,
    `graphsync logs ${ids} --since 7d --top 20   # the names the entries use`,
  );
  return { reasons, tries };
}
