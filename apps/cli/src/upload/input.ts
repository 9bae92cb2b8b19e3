/**
 * The records of `upload --from`, streamed: CSV with a header (BOM, CRLF and quoted headers as csv-parse reads them),
 * a JSON array, or NDJSON. Each record is a set of named fields with its line; nothing is kept after it is yielded,
 * so a 100,000-record file goes through in flat memory.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CliError, ExitCode, quote } from "../core.js";
import { JsonSyntaxError, RecordTooLargeError, splitJsonArray, splitLines } from "../json-stream.js";
import { decode, peek } from "../records.js";

export type InputFormat = "csv" | "json" | "ndjson";

/** An HR record can be long (many attributes), but not a megabyte: past this it is refused before it is buffered. */
export const MAX_UPLOAD_RECORD_BYTES = 256 * 1024;

export interface InputRecord {
  /** 1-based line where the record is (CSV: where it ends). */
  line: number;
  fields: Record<string, unknown>;
  /** The record as an error: it is bad on its own (not JSON, not an object, wrong field count). */
  problem?: string;
}

export interface InputHandlers {
  format(format: InputFormat): void;
  /** CSV only: the column names, from the header line. */
  header?(columns: readonly string[], line: number): void;
}

function structural(source: string, line: number | undefined, message: string): CliError {
  return new CliError(ExitCode.usage, `${line === undefined ? source : `${source}, line ${line}`}: ${message}`, {
    hint: "CSV starts with a header line naming the columns; JSON is an array of objects, or one object per line (NDJSON).",
  });
}

export function formatFromName(source: string): InputFormat | undefined {
  const lower = source.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) return "ndjson";
  return undefined;
}

function headerOf(record: readonly string[], source: string, line: number): string[] {
  const seen = new Set<string>();
  for (const column of record) {
    if (column === "") throw structural(source, line, "the header has an empty column name");
    if (seen.has(column)) throw structural(source, line, `the header names column ${quote(column)} twice`);
    seen.add(column);
  }
  return [...record];
}

async function* csvInput(
  chunks: AsyncIterable<string>,
  source: string,
  on: InputHandlers,
): AsyncGenerator<InputRecord> {
  const { parse } = await import("csv-parse");
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    max_record_size: MAX_UPLOAD_RECORD_BYTES,
    info: true,
  });
  const input = Readable.from(chunks, { objectMode: false });
  pipeline(input, parser).catch(() => {});
  let columns: string[] | undefined;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const line = info.lines;
      if (columns === undefined) {
        columns = headerOf(record, source, line);
        on.header?.(columns, line);
        continue;
      }
      const fields: Record<string, unknown> = {};
      columns.forEach((column, i) => {
        fields[column] = record[i] ?? "";
      });
      const problem =
        record.length === columns.length
          ? undefined
          : `expected ${columns.length} fields (as the header), got ${record.length}`;
      yield { line, fields, ...(problem ? { problem } : {}) };
    }
  } catch (error) {
    const { code, lines } = error as { code?: string; lines?: number };
    if (code === "CSV_MAX_RECORD_SIZE")
      throw structural(source, lines, `a record is longer than ${MAX_UPLOAD_RECORD_BYTES} bytes`);
    if (typeof code === "string" && code.startsWith("CSV_"))
      throw structural(source, lines, `not valid CSV (${(error as Error).message})`);
    throw error;
  } finally {
    input.destroy();
    parser.destroy();
  }
  if (columns === undefined) throw structural(source, undefined, "the input has no header line");
}

async function* jsonInput(
  chunks: AsyncIterable<string>,
  format: "json" | "ndjson",
  source: string,
): AsyncGenerator<InputRecord> {
  const split =
    format === "json" ? splitJsonArray(chunks, MAX_UPLOAD_RECORD_BYTES) : splitLines(chunks, MAX_UPLOAD_RECORD_BYTES);
  try {
    for await (const { text, line } of split) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        yield { line, fields: {}, problem: `not valid JSON (${(error as Error).message})` };
        continue;
      }
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        yield { line, fields: {}, problem: "a record must be a JSON object" };
        continue;
      }
      yield { line, fields: value as Record<string, unknown> };
    }
  } catch (error) {
    if (error instanceof RecordTooLargeError)
      throw structural(source, error.line, `a record is longer than ${MAX_UPLOAD_RECORD_BYTES} bytes`);
    if (error instanceof JsonSyntaxError) throw structural(source, error.line, `not valid JSON: ${error.message}`);
    throw error;
  }
}

/** Streams the records; the format comes from the name (.csv, .ndjson, .jsonl), else the first character. */
export async function* readInput(
  stream: AsyncIterable<Buffer | string>,
  source: string,
  on: InputHandlers,
): AsyncGenerator<InputRecord> {
  const { first, replay } = await peek(decode(stream));
  if (first === undefined) throw structural(source, undefined, "the input is empty");
  const format = formatFromName(source) ?? (first === "[" ? "json" : first === "{" ? "ndjson" : "csv");
  on.format(format);
  if (format === "csv") yield* csvInput(replay, source, on);
  else yield* jsonInput(replay, format, source);
}
