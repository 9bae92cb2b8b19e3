/**
 * How one provisioning log entry is written: a CSV row (RFC 4180: fields with a comma, quote, CR or LF quoted, quotes
 * doubled, rows ended by CRLF), a fixed-width table row (streamed: no widths to compute from all rows first).
 */
import type { ProvisioningObjectSummary } from "@graphsync/client";

export const CSV_HEADER = [
  "time",
  "jobId",
  "cycleId",
  "action",
  "status",
  "sourceId",
  "sourceName",
  "targetId",
  "targetName",
  "errorCode",
  "reason",
  "recommendedAction",
] as const;

// Control characters other than tab, CR and LF cannot be in a CSV a spreadsheet reads, and could style a terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this finds
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

/** One RFC 4180 field. */
export function csvField(value: string | null | undefined): string {
  const text = (value ?? "").replace(UNSAFE, "\uFFFD");
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The values of one entry, in CSV_HEADER's order. */
export function entryValues(entry: ProvisioningObjectSummary): (string | null | undefined)[] {
  const error = entry.provisioningStatusInfo?.errorInformation;
  return [
    entry.activityDateTime,
    entry.jobId,
    entry.cycleId,
    entry.provisioningAction,
    entry.provisioningStatusInfo?.status,
    entry.sourceIdentity?.id,
    entry.sourceIdentity?.displayName,
    entry.targetIdentity?.id,
    entry.targetIdentity?.displayName,
    error?.errorCode,
    error?.reason,
    error?.recommendedAction,
  ];
}

/** One CSV record, CRLF-terminated. */
export function csvRow(values: readonly (string | null | undefined)[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

interface TableColumn {
  header: string;
  width: number;
  value(entry: ProvisioningObjectSummary): string;
}

/** Text on one line (a table cell): runs of whitespace, line breaks included, become one space. */
export const oneLine = (text: string): string => text.replace(/\s+/g, " ").trim();
const clip = (text: string, width: number) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
const identity = (side: ProvisioningObjectSummary["sourceIdentity"]) => side?.displayName || side?.id || "-";

const TABLE: readonly TableColumn[] = [
  { header: "TIME", width: 20, value: (e) => (e.activityDateTime ?? "-").replace(/\.\d+Z$/, "Z") },
  { header: "ACTION", width: 12, value: (e) => e.provisioningAction ?? "-" },
  { header: "STATUS", width: 8, value: (e) => e.provisioningStatusInfo?.status ?? "-" },
  { header: "SOURCE", width: 28, value: (e) => identity(e.sourceIdentity) },
  { header: "TARGET", width: 28, value: (e) => identity(e.targetIdentity) },
  { header: "ERROR", width: 0, value: (e) => e.provisioningStatusInfo?.errorInformation?.errorCode ?? "" },
];

export const TABLE_HEADER = TABLE.map((c) => (c.width ? c.header.padEnd(c.width) : c.header)).join("  ");

/** One entry as a table line (the last column unpadded, long cells cut with an ellipsis). */
export function tableRow(entry: ProvisioningObjectSummary): string {
  return TABLE.map((c) => (c.width ? clip(oneLine(c.value(entry)), c.width).padEnd(c.width) : oneLine(c.value(entry))))
    .join("  ")
    .trimEnd();
}
