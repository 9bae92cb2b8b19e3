/**
 * Where `graphsync logs` writes entries as they arrive: CSV rows, NDJSON lines, table lines, or a summary built from
 * counters. Each sink keeps nothing per entry (the summary keeps one example per error code).
 */
import type { ProvisioningObjectSummary } from "@graphsync/client";
import type { Output } from "./core.js";
import { CSV_HEADER, csvRow, entryValues, oneLine, TABLE_HEADER, tableRow } from "./logs-format.js";
import { type LogSummary, SummaryBuilder } from "./logs-summary.js";

export interface LogSink {
  add(entry: ProvisioningObjectSummary): void;
  /** After the last entry: totals, the summary. */
  end(count: number): void;
}

export function sinkFor(output: Output, summary: boolean): LogSink {
  if (summary) return summarySink(output);
  switch (output.format) {
    case "csv":
      output.printRaw(csvRow(CSV_HEADER));
      return { add: (entry) => output.printRaw(csvRow(entryValues(entry))), end() {} };
    case "json":
    case "tsv":
      return { add: (entry) => output.printJsonLine(entry), end() {} };
    case "none":
      return { add() {}, end() {} };
    default:
      return tableSink(output);
  }
}

function tableSink(output: Output): LogSink {
  let first = true;
  return {
    add(entry) {
      if (first) output.print(output.out.bold(TABLE_HEADER));
      first = false;
      output.print(tableRow(entry));
    },
    end(count) {
      output.info(count === 0 ? "no provisioning log entries match." : `${count} entr${count === 1 ? "y" : "ies"}.`);
    },
  };
}

function summarySink(output: Output): LogSink {
  const builder = new SummaryBuilder();
  return {
    add: (entry) => builder.add(entry),
    end() {
      const result = builder.result();
      if (output.json) output.printJson(result);
      else printSummary(output, result);
    },
  };
}

function printSummary(output: Output, summary: LogSummary): void {
  const s = output.out;
  const counts = Object.entries(summary.byStatus).map(([status, n]) => `${n} ${status}`);
  output.print(`${s.bold(String(summary.entries))} entries${counts.length ? `: ${counts.join(", ")}` : ""}`);
  if (summary.failures.length === 0) {
    output.print(summary.entries === 0 ? "No entries match." : "No failures.");
    return;
  }
  output.print();
  output.print(s.bold("Failures by error code"));
  for (const group of summary.failures) {
    const { example } = group;
    output.print();
    output.print(`${s.red(group.errorCode)}  ${group.count} failure${group.count === 1 ? "" : "s"}`);
    const object = `${oneLine(example.source ?? "-")} → ${oneLine(example.target ?? "-")}`;
    output.print(`  example    ${example.time ?? "-"}  ${object}`);
    if (example.reason) output.print(`  reason     ${oneLine(example.reason)}`);
    if (example.recommendedAction) output.print(`  next step  ${oneLine(example.recommendedAction)}`);
  }
}
