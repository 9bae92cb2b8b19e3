/** How `graphsync health` shows its rows: a table with one line per job, or JSON, and a one-line count on stderr. */
import type { Column, Output } from "./core.js";
import { formatAge, type HealthRow } from "./health-assess.js";

export interface HealthReport {
  checkedAt: string;
  healthy: boolean;
  counts: Record<HealthRow["state"], number>;
  jobs: HealthRow[];
}

export function reportOf(rows: HealthRow[], now: number): HealthReport {
  const counts = { healthy: 0, warning: 0, unhealthy: 0, error: 0 };
  for (const row of rows) counts[row.state]++;
  return {
    checkedAt: new Date(now).toISOString(),
    healthy: counts.unhealthy === 0 && counts.error === 0,
    counts,
    jobs: rows,
  };
}

const day = (iso: string | null) => (iso ? iso.replace(/:\d\d(\.\d+)?Z$/, "Z") : "-");

function quarantineText(row: HealthRow): string {
  const q = row.quarantine;
  if (!q) return "-";
  const left = q.daysLeft === null ? "" : `, ${q.daysLeft}d left`;
  return `${q.reason ?? "?"} since ${day(q.seriesBegan)}, next ${day(q.nextAttempt)}${left}`;
}

function columns(output: Output): Column<HealthRow>[] {
  const s = output.out;
  const paint = (state: HealthRow["state"], text: string) =>
    state === "healthy" ? s.green(text) : state === "warning" ? s.yellow(text) : s.red(text);
  return [
    { header: "SERVICE PRINCIPAL", value: (r) => r.servicePrincipalName ?? r.servicePrincipalId },
    { header: "JOB", value: (r) => r.jobId },
    { header: "STATUS", value: (r) => r.status },
    { header: "HEALTH", value: (r) => r.state, style: (text, r) => paint(r.state, text) },
    {
      header: "LAST EXPORT",
      value: (r) => (r.sinceExportMs === null ? "never" : `${formatAge(r.sinceExportMs)} ago`),
    },
    { header: "QUARANTINE", value: quarantineText },
    { header: "FAILURES", value: (r) => String(r.countSuccessiveCompleteFailures) },
    { header: "PRUNED", value: (r) => (r.escrowsPruned ? "yes" : "-") },
    {
      header: "PROBLEM → NEXT STEP",
      value: (r) => [r.problems.join("; "), r.nextStep].filter(Boolean).join(" → ") || "-",
    },
  ];
}

export function countsLine(report: HealthReport): string {
  const { counts } = report;
  const parts = [`${counts.healthy} healthy`, `${counts.warning} warning`, `${counts.unhealthy} unhealthy`];
  if (counts.error) parts.push(`${counts.error} could not be read`);
  return `${report.jobs.length} job${report.jobs.length === 1 ? "" : "s"}: ${parts.join(", ")} (${report.checkedAt})`;
}

/** One check's output. `watching`: JSON as one line per check (NDJSON), the table redrawn on a terminal. */
export function printReport(output: Output, report: HealthReport, watching: boolean): void {
  if (output.json) {
    if (watching) output.printJsonLine(report);
    else output.printJson(report);
    return;
  }
  if (watching) {
    output.clearScreen();
    if (!output.stdoutIsTTY) output.print(`# ${report.checkedAt}`);
  }
  if (report.jobs.length > 0) output.table(columns(output), report.jobs);
  else output.print("No synchronization jobs found.");
  if (watching) output.print(countsLine(report));
  else output.info(countsLine(report));
}
