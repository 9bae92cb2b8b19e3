/**
 * How an upload's result is shown: for people, the counts and the records that need attention (failed with reason
 * and recommended action, skipped, pending); for scripts (`--output json`), one document with every record.
 */
import type { CommandContext } from "../context.js";
import { CliError, ExitCode, formatDuration } from "../core.js";
import { countOutcomes, OUTCOMES, type OutcomeKind, type RecordOutcome, type WaitSummary } from "./outcomes.js";

/** How many records of a group are listed for people (all are counted, and all are in the JSON document). */
export const MAX_LISTED = 20;

export interface UploadSummary {
  servicePrincipalId: string;
  jobId: string;
  source: string;
  records: number;
  uploaded: number;
  duplicatesDropped: number;
  batches: number;
  /** Batches sent in this run, and those a checkpoint said were accepted before (--resume). */
  sent: number;
  resumed: number;
  requests: number;
  startedAt: string;
  elapsedMs: number;
}

export interface WaitReport {
  records: ReadonlyMap<string, RecordOutcome | undefined>;
  wait: WaitSummary;
  failedFile: string | undefined;
}

export function printUploadSummary(context: CommandContext, summary: UploadSummary): void {
  const { output } = context;
  if (output.json) return;
  const resumed = summary.resumed > 0 ? ` (${summary.resumed} accepted before, not sent again)` : "";
  output.print(
    `uploaded ${summary.uploaded} record(s) in ${summary.batches} batch(es) to job ${summary.jobId}: ${summary.sent} sent now${resumed}, ${summary.requests} request(s), ${formatDuration(summary.elapsedMs)}`,
  );
}

function line(outcome: RecordOutcome): string {
  const why = [outcome.reason, outcome.recommendedAction && `recommended: ${outcome.recommendedAction}`].filter(
    Boolean,
  );
  return `  ${outcome.externalId}${why.length ? `  ${why.join("; ")}` : ""}`;
}

function printGroups(context: CommandContext, records: ReadonlyMap<string, RecordOutcome | undefined>): void {
  const { output } = context;
  const s = output.out;
  const counts = countOutcomes(records.values());
  const shown = OUTCOMES.filter((kind) => counts[kind] > 0).map((kind) => `${counts[kind]} ${kind}`);
  if (counts.pending > 0) shown.push(`${counts.pending} pending`);
  output.print(`outcomes: ${shown.join(", ") || "none"} (of ${records.size})`);
  const listed: (OutcomeKind | "pending")[] = ["failed", "skipped", "pending"];
  for (const kind of listed) {
    if (counts[kind] === 0) continue;
    const color = kind === "failed" ? s.red : s.yellow;
    output.print(color(`${kind}:`));
    let n = 0;
    for (const [externalId, outcome] of records) {
      if ((outcome?.outcome ?? "pending") !== kind) continue;
      if (++n > MAX_LISTED) break;
      output.print(outcome ? line(outcome) : `  ${externalId}`);
    }
    if (counts[kind] > MAX_LISTED) output.print(`  … and ${counts[kind] - MAX_LISTED} more (all in --output json)`);
  }
}

/** Prints the outcomes (or the JSON document) and throws the run's exit code: 1 when any failed, 5 on timeout. */
export function reportOutcomes(context: CommandContext, summary: UploadSummary, report: WaitReport | undefined): void {
  const { output } = context;
  if (output.json) {
    output.printJson(document(summary, report));
  } else if (report) {
    printGroups(context, report.records);
    if (report.failedFile)
      output.print(`failed records written to ${report.failedFile} (fix them and upload that file as it is)`);
  }
  if (!report) return;
  const counts = countOutcomes(report.records.values());
  if (report.wait.timedOut) {
    throw new CliError(
      ExitCode.throttledOrTimedOut,
      `${counts.pending} of ${report.records.size} record(s) have no outcome in the provisioning logs after ${formatDuration(report.wait.elapsedMs)}`,
      {
        hint: "the job processes them whether or not graphsync waits (the service can take minutes); wait longer with --timeout, or rerun with --resume --wait (nothing is sent again).",
      },
    );
  }
  if (counts.failed > 0) {
    throw new CliError(ExitCode.failed, `${counts.failed} of ${report.records.size} record(s) failed`, {
      hint: report.failedFile ? `fix them in ${report.failedFile} and upload it.` : undefined,
    });
  }
}

function document(summary: UploadSummary, report: WaitReport | undefined): Record<string, unknown> {
  if (!report) return { upload: summary };
  const counts = countOutcomes(report.records.values());
  const records = [...report.records].map(([externalId, outcome]) => outcome ?? { externalId, outcome: "pending" });
  return {
    upload: summary,
    outcomes: counts,
    timedOut: report.wait.timedOut,
    failedFile: report.failedFile ?? null,
    records,
  };
}
