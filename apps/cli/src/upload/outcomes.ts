/**
 * `--wait`: what happened to each uploaded record, from the job's provisioning logs. The logs are read (paced to
 * the service's 5 requests per 10 s by the caller's transport) until every externalId has an entry whose
 * `sourceIdentity.id` is that externalId, or the timeout passes. Only ids and outcomes are kept.
 */
import type { ProvisioningObjectSummary } from "@graphsync/types";
import type { Clock } from "../clock.js";
import { CliError, ExitCode, formatDuration, type Output } from "../core.js";

export const OUTCOMES = ["created", "updated", "disabled", "skipped", "failed"] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

export interface RecordOutcome {
  externalId: string;
  outcome: OutcomeKind;
  /** The log's provisioningAction and status, as the service wrote them. */
  action: string;
  status: string;
  reason?: string;
  recommendedAction?: string;
  /** The Entra user's object id, when the log names it. */
  targetId?: string;
  activityDateTime: string;
}

/** One log entry as an outcome. */
export function outcomeOf(entry: ProvisioningObjectSummary, externalId: string): RecordOutcome {
  const status = entry.provisioningStatusInfo?.status ?? "unknown";
  const action = entry.provisioningAction ?? "other";
  const error = entry.provisioningStatusInfo?.errorInformation;
  let outcome: OutcomeKind;
  if (status === "failure") outcome = "failed";
  else if (status === "skipped") outcome = "skipped";
  else if (action === "create") outcome = "created";
  else if (action === "update") outcome = "updated";
  else if (action === "disable" || action === "delete" || action === "stagedDelete") outcome = "disabled";
  else outcome = "skipped";
  const reason = error?.reason ?? error?.errorCode ?? error?.additionalDetails ?? undefined;
  return {
    externalId,
    outcome,
    action,
    status,
    ...(reason ? { reason } : {}),
    ...(error?.recommendedAction ? { recommendedAction: error.recommendedAction } : {}),
    ...(entry.targetIdentity?.id ? { targetId: entry.targetIdentity.id } : {}),
    activityDateTime: entry.activityDateTime,
  };
}

export interface WaitForOutcomesOptions {
  /** The externalIds uploaded (the keys), their outcomes filled in as they are found. */
  records: Map<string, RecordOutcome | undefined>;
  /** Reads the entries of the job since the upload began, every page. */
  read(signal: AbortSignal): AsyncIterable<ProvisioningObjectSummary>;
  timeoutMs: number;
  clock: Clock;
  signal: AbortSignal;
  output: Output;
  firstDelayMs?: number;
  maxDelayMs?: number;
}

export interface WaitSummary {
  pending: number;
  polls: number;
  elapsedMs: number;
  timedOut: boolean;
}

/** Records an entry when it is about an uploaded record and newer than what is known. Returns true if it settled one. */
function take(records: WaitForOutcomesOptions["records"], entry: ProvisioningObjectSummary): boolean {
  const externalId = entry.sourceIdentity?.id;
  if (!externalId || !records.has(externalId)) return false;
  const known = records.get(externalId);
  if (known && Date.parse(known.activityDateTime) > Date.parse(entry.activityDateTime)) return false;
  records.set(externalId, outcomeOf(entry, externalId));
  return known === undefined;
}

/** Polls until every record has an outcome or the timeout passes (then `timedOut`, with the pending count). */
export async function waitForOutcomes(options: WaitForOutcomesOptions): Promise<WaitSummary> {
  const { clock, output, signal, records } = options;
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  let pending = [...records.values()].filter((value) => value === undefined).length;
  let delay = options.firstDelayMs ?? 1000;
  const maxDelay = options.maxDelayMs ?? 15_000;
  let polls = 0;
  const total = records.size;
  try {
    while (pending > 0) {
      const remaining = deadline - clock.now();
      if (remaining <= 0) return { pending, polls, elapsedMs: clock.now() - started, timedOut: true };
      output.progress(
        `waiting for the provisioning logs: ${total - pending} of ${total} record(s) have an outcome (${formatDuration(clock.now() - started)}, timeout ${formatDuration(options.timeoutMs)})`,
        new Date(clock.now()),
      );
      await clock.sleep(Math.min(delay, remaining), signal);
      delay = Math.min(maxDelay, Math.round(delay * 1.6));
      for await (const entry of options.read(signal)) if (take(records, entry)) pending--;
      polls++;
    }
    return { pending, polls, elapsedMs: clock.now() - started, timedOut: false };
  } catch (error) {
    if (signal.aborted) {
      throw new CliError(ExitCode.interrupted, "stopped waiting for the provisioning logs", {
        details: [`${total - pending} of ${total} record(s) had an outcome`],
        hint: "the upload itself had completed; the job processes it whether or not graphsync waits.",
      });
    }
    throw error;
  } finally {
    output.endProgress();
  }
}

export function countOutcomes(records: Iterable<RecordOutcome | undefined>): Record<OutcomeKind | "pending", number> {
  const counts = { created: 0, updated: 0, disabled: 0, skipped: 0, failed: 0, pending: 0 };
  for (const record of records) counts[record ? record.outcome : "pending"]++;
  return counts;
}
