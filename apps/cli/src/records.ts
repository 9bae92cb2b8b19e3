/**
 * Reads the records of `jobs start --from`: CSV with a header, a JSON array, or NDJSON, from a file or stdin, as a
 * stream (memory stays flat whatever the size). A record is one service principal id and one job id. Every problem is
 * a usage error naming the line, the field and what is allowed.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { CliError, ExitCode, isCliError, quote } from "./core.js";
import { JsonSyntaxError, RecordTooLargeError, splitJsonArray, splitLines } from "./json-stream.js";

export interface JobRecord {
  servicePrincipalId: string;
  jobId: string;
  /** 1-based line of the record in the input (for messages and per-item results). */
  line: number;
  /** 1-based position among the records (distinct even when several share a line, as in a one-line JSON array). */
  index?: number;
}

export type RecordFormat = "csv" | "json" | "ndjson";

export interface ReadOptions {
  /**
   * Called with the error of a record that is bad on its own (a wrong id, field or field count), which is then
   * skipped, so a whole file can be checked at once. Without it, the first bad record throws. Errors in the input's
   * structure (header, JSON syntax, a record too large) always throw: nothing after them can be read reliably.
   */
  onBadRecord?: (error: CliError) => void;
}

/** Builds one record; a bad one goes to `onBadRecord` when given (and yields nothing). */
function recordOrSkip(build: () => JobRecord, options: ReadOptions): JobRecord | undefined {
  if (!options.onBadRecord) return build();
  try {
    return build();
  } catch (error) {
    if (!isCliError(error, ExitCode.usage)) throw error;
    options.onBadRecord(error);
    return undefined;
  }
}

/** Records are two ids; anything longer than this is not a record (and is refused before it is buffered). */
export const MAX_RECORD_BYTES = 64 * 1024;

const FIELD_ALIASES: Readonly<Record<string, "servicePrincipalId" | "jobId">> = {
  serviceprincipalid: "servicePrincipalId",
  serviceprincipal: "servicePrincipalId",
  spid: "servicePrincipalId",
  sp: "servicePrincipalId",
  jobid: "jobId",
  job: "jobId",
  synchronizationjobid: "jobId",
};
const ALLOWED_FIELDS = "servicePrincipalId (or sp) and jobId (or job)";

function fieldFor(name: string): "servicePrincipalId" | "jobId" | undefined {
  return FIELD_ALIASES[
    name
      .trim()
      .replace(/[\s_-]/g, "")
      .toLowerCase()
  ];
}

function inputError(source: string, line: number | undefined, message: string, hint?: string): CliError {
  const where = line === undefined ? source : `${source}, line ${line}`;
  return new CliError(ExitCode.usage, `${where}: ${message}`, {
    hint:
      hint ??
      `each record needs ${ALLOWED_FIELDS}; CSV starts with a header line (servicePrincipalId,jobId), JSON is an array of objects or one object per line.`,
  });
}

function checkId(value: unknown, field: string, source: string, line: number): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw inputError(
      source,
      line,
      `${field} is ${value === undefined ? "missing" : `not a non-empty string (${quote(String(value))})`}`,
    );
  }
  return value.trim();
}

function recordFromObject(value: unknown, source: string, line: number): JobRecord {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw inputError(source, line, "a record must be a JSON object");
  }
  const out: Partial<Record<"servicePrincipalId" | "jobId", unknown>> = {};
  for (const [key, field] of Object.entries(value)) {
    const name = fieldFor(key);
    if (name === undefined)
      throw inputError(source, line, `unknown field ${quote(key)}`, `allowed fields: ${ALLOWED_FIELDS}.`);
    if (name in out) throw inputError(source, line, `field ${quote(key)} repeats ${name}`);
    out[name] = field;
  }
  return {
    servicePrincipalId: checkId(out.servicePrincipalId, "servicePrincipalId", source, line),
    jobId: checkId(out.jobId, "jobId", source, line),
    line,
  };
}

export async function* decode(stream: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  // TextDecoder drops a leading UTF-8 BOM and keeps multi-byte characters split across chunks intact.
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of stream) {
    const text = typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    if (text !== "") yield text;
  }
  const rest = decoder.decode();
  if (rest !== "") yield rest;
}

/** Lets the caller look at the first non-blank character, then replays everything. */
export async function peek(
  chunks: AsyncIterable<string>,
): Promise<{ first: string | undefined; replay: AsyncIterable<string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: string[] = [];
  let first: string | undefined;
  let done = false;
  while (first === undefined) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    const match = /\S/.exec(next.value);
    if (match) first = match[0];
  }
  async function* replay(): AsyncGenerator<string> {
    yield* seen;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { first, replay: replay() };
}

function formatFromName(source: string): RecordFormat | undefined {
  const lower = source.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) return "ndjson";
  return undefined;
}

type Column = "servicePrincipalId" | "jobId";

/** The CSV header: each column named once, both ids present, nothing else. */
function headerColumns(record: readonly string[], source: string, line: number): Column[] {
  const columns = record.map((name) => {
    const field = fieldFor(name);
    if (field === undefined) {
      throw inputError(
        source,
        line,
        `unknown column ${quote(name)} in the header`,
        `the header names the columns: ${ALLOWED_FIELDS}, for example "servicePrincipalId,jobId".`,
      );
    }
    return field;
  });
  for (const required of ["servicePrincipalId", "jobId"] as const) {
    if (!columns.includes(required)) throw inputError(source, line, `the header has no ${required} column`);
  }
  if (new Set(columns).size !== columns.length) throw inputError(source, line, "the header names a column twice");
  return columns;
}

async function* csvRecords(
  chunks: AsyncIterable<string>,
  source: string,
  options: ReadOptions,
): AsyncGenerator<JobRecord> {
  const { parse } = await import("csv-parse");
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    skip_records_with_empty_values: true,
    relax_column_count: true,
    max_record_size: MAX_RECORD_BYTES,
    info: true,
  });
  // Feed the parser with back-pressure; a failure on either side surfaces through the iteration below.
  const input = Readable.from(chunks, { objectMode: false });
  pipeline(input, parser).catch(() => {});
  let columns: Column[] | undefined;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const { record, info } = item;
      const line = info.lines;
      if (columns === undefined) {
        columns = headerColumns(record, source, line);
        continue;
      }
      const known = columns;
      const built = recordOrSkip(() => {
        if (record.length !== known.length) {
          throw inputError(source, line, `expected ${known.length} fields (${known.join(",")}), got ${record.length}`);
        }
        const values: Record<string, string> = {};
        known.forEach((column, i) => {
          values[column] = record[i] ?? "";
        });
        return {
          servicePrincipalId: checkId(values.servicePrincipalId || undefined, "servicePrincipalId", source, line),
          jobId: checkId(values.jobId || undefined, "jobId", source, line),
          line,
        };
      }, options);
      if (built) yield built;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    const lines = (error as { lines?: number }).lines;
    if (code === "CSV_MAX_RECORD_SIZE") {
      throw inputError(
        source,
        lines,
        `a record is longer than ${MAX_RECORD_BYTES} bytes`,
        "a record is one service principal id and one job id; is this the right file?",
      );
    }
    if (typeof code === "string" && code.startsWith("CSV_")) {
      throw inputError(source, lines, `not valid CSV (${(error as Error).message})`);
    }
    throw error;
  } finally {
    // Stops reading early (an error, or the consumer stopped); never awaited, so a blocked stdin cannot hang us.
    input.destroy();
    parser.destroy();
  }
  if (columns === undefined) throw inputError(source, undefined, "the input has no records (not even a header line)");
}

async function* jsonRecords(
  chunks: AsyncIterable<string>,
  format: "json" | "ndjson",
  source: string,
  options: ReadOptions,
): AsyncGenerator<JobRecord> {
  const split = format === "json" ? splitJsonArray(chunks, MAX_RECORD_BYTES) : splitLines(chunks, MAX_RECORD_BYTES);
  try {
    for await (const { text, line } of split) {
      // The splitters delimit each record without parsing it: a record that is not valid JSON is bad on its own.
      const built = recordOrSkip(() => {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (error) {
          throw inputError(source, line, `not valid JSON (${(error as Error).message})`);
        }
        return recordFromObject(value, source, line);
      }, options);
      if (built) yield built;
    }
  } catch (error) {
    if (error instanceof RecordTooLargeError) {
      throw inputError(
        source,
        error.line,
        `a record is longer than ${MAX_RECORD_BYTES} bytes`,
        "a record is one service principal id and one job id; is this the right file?",
      );
    }
    if (error instanceof JsonSyntaxError) throw inputError(source, error.line, `not valid JSON: ${error.message}`);
    throw error;
  }
}

/**
 * Opens `--from <path|->` for reading. A missing or unreadable file is a usage error. `rereadable` is true only for a
 * regular file: a pipe, a FIFO or a device (`<(cmd)`, `/dev/stdin`) can be read once, like stdin.
 */
export async function openInput(
  path: string,
  stdin: Readable,
): Promise<{ stream: AsyncIterable<Buffer | string>; source: string; rereadable: boolean }> {
  if (path === "-") return { stream: stdin, source: "stdin", rereadable: false };
  let rereadable: boolean;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CliError(ExitCode.usage, `--from ${quote(path)} is a directory, not a file`);
    rereadable = info.isFile();
  } catch (error) {
    if (isCliError(error, ExitCode.usage)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      ExitCode.usage,
      `cannot read --from ${quote(path)}: ${code === "ENOENT" ? "no such file" : (code ?? "unreadable")}`,
    );
  }
  return { stream: createReadStream(path, { highWaterMark: 64 * 1024 }), source: path, rereadable };
}

/** Streams the records of a file or stdin; the format comes from the extension, or from the first character. */
export async function* readRecords(
  stream: AsyncIterable<Buffer | string>,
  source: string,
  options: ReadOptions = {},
): AsyncGenerator<JobRecord> {
  const { first, replay } = await peek(decode(stream));
  if (first === undefined) throw inputError(source, undefined, "the input is empty");
  const format = formatFromName(source) ?? (first === "[" ? "json" : first === "{" ? "ndjson" : "csv");
  if (format === "csv") yield* csvRecords(replay, source, options);
  else yield* jsonRecords(replay, format, source, options);
}
