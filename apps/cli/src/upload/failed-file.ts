/**
 * The records the job failed, written in the input's own format and columns (CSV with the same header, a JSON
 * array, or NDJSON), so the file can be fixed and uploaded again as it is. Streamed from the input, like the rest.
 */

import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import type { Plan } from "./check.js";
import { type InputFormat, readInput } from "./input.js";
import type { Mapping } from "./mapping.js";
import { csvBuilder, jsonBuilder, type UserBuilder } from "./records.js";

/** One CSV field, quoted when it must be (RFC 4180). */
export function csvField(value: unknown): string {
  const text = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Where the failed records go: beside the input (`people.failed-<time>.csv`), or in `cwd` for stdin. */
export function failedFilePath(options: { from: string; format: InputFormat; now: number; cwd: string }): string {
  const stamp = new Date(options.now)
    .toISOString()
    .replace(/[:.]/g, "")
    .replace(/\d{3}Z$/, "Z");
  const ext = options.from === "-" ? `.${options.format}` : extname(options.from) || `.${options.format}`;
  const dir = options.from === "-" ? options.cwd : dirname(options.from);
  // The failed records of a failed-records file go to <input>.failed-<time>, not <input>.failed-<t1>.failed-<t2>.
  const name =
    options.from === "-"
      ? "upload"
      : basename(options.from, extname(options.from)).replace(/\.failed-\d{8}T\d{6}Z$/, "");
  return join(dir, `${name}.failed-${stamp}${ext}`);
}

async function write(out: WriteStream, text: string): Promise<void> {
  if (!out.write(text)) await once(out, "drain");
}

export interface FailedFileOptions {
  stream: AsyncIterable<Buffer | string>;
  source: string;
  mapping: Mapping | undefined;
  plan: Pick<Plan, "keep" | "format">;
  failed: ReadonlySet<string>;
  path: string;
}

/** Writes the failed records; returns how many were written. */
export async function writeFailedRecords(options: FailedFileOptions): Promise<number> {
  const { plan, failed } = options;
  const out = createWriteStream(options.path, { mode: 0o600 });
  let builder: UserBuilder | undefined;
  let columns: readonly string[] = [];
  let written = 0;
  let position = 0;
  const pendingHeader: string[] = [];
  const handlers = {
    format: (format: string) => {
      if (format !== "csv") builder = jsonBuilder(options.mapping);
    },
    header: (header: readonly string[]) => {
      columns = header;
      const made = csvBuilder(options.mapping, header);
      if (!("problems" in made)) builder = made;
      pendingHeader.push(`${header.map(csvField).join(",")}\r\n`);
    },
  };
  try {
    for await (const record of readInput(options.stream, options.source, handlers)) {
      position++;
      for (const line of pendingHeader.splice(0)) await write(out, line);
      const { externalId } = (builder as UserBuilder)(record);
      if (externalId === undefined || !failed.has(externalId)) continue;
      const kept = plan.keep?.get(externalId);
      if (kept !== undefined && kept !== position) continue;
      const text =
        plan.format === "csv"
          ? `${columns.map((column) => csvField(record.fields[column])).join(",")}\r\n`
          : plan.format === "json"
            ? `${written === 0 ? "[\n" : ",\n"}${JSON.stringify(record.fields)}`
            : `${JSON.stringify(record.fields)}\n`;
      await write(out, text);
      written++;
    }
    if (plan.format === "json") await write(out, written === 0 ? "[]\n" : "\n]\n");
  } finally {
    out.end();
    await once(out, "close");
  }
  return written;
}
