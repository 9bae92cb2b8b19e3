/**
 * `graphsync logs --summary`: counts by status and failures grouped by errorCode, each with a count and one example.
 * Only counters and one entry per error code are kept, so memory is bounded by the number of distinct codes.
 */
import type { ProvisioningObjectSummary } from "@graphsync/client";

export interface FailureGroup {
  errorCode: string;
  count: number;
  /** The newest failure with this code (entries arrive newest first). */
  example: {
    time: string | null;
    jobId: string | null;
    source: string | null;
    target: string | null;
    reason: string | null;
    recommendedAction: string | null;
  };
}

export interface LogSummary {
  entries: number;
  byStatus: Record<string, number>;
  failures: FailureGroup[];
}

/** Distinct error codes kept; past this, failures are counted under "(other codes)". */
const MAX_CODES = 500;

export class SummaryBuilder {
  #entries = 0;
  readonly #byStatus = new Map<string, number>();
  readonly #groups = new Map<string, FailureGroup>();

  add(entry: ProvisioningObjectSummary): void {
    this.#entries++;
    const info = entry.provisioningStatusInfo;
    const status = info?.status ?? "unknown";
    this.#byStatus.set(status, (this.#byStatus.get(status) ?? 0) + 1);
    if (status !== "failure") return;
    let code = info?.errorInformation?.errorCode || "(no error code)";
    if (!this.#groups.has(code) && this.#groups.size >= MAX_CODES) code = "(other codes)";
    const group = this.#groups.get(code);
    if (group) {
      group.count++;
      return;
    }
    this.#groups.set(code, {
      errorCode: code,
      count: 1,
      example: {
        time: entry.activityDateTime ?? null,
        jobId: entry.jobId ?? null,
        source: entry.sourceIdentity?.displayName || entry.sourceIdentity?.id || null,
        target: entry.targetIdentity?.displayName || entry.targetIdentity?.id || null,
        reason: info?.errorInformation?.reason ?? null,
        recommendedAction: info?.errorInformation?.recommendedAction ?? null,
      },
    });
  }

  /** Failure groups by count (most first), then code. */
  result(): LogSummary {
    const failures = [...this.#groups.values()].sort(
      (a, b) => b.count - a.count || a.errorCode.localeCompare(b.errorCode),
    );
    return { entries: this.#entries, byStatus: Object.fromEntries(this.#byStatus), failures };
  }
}
