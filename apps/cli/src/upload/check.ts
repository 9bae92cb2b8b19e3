/**
 * The checking pass: every record is read, mapped and checked before anything is sent, and every problem is
 * reported with its file and line (the first ones listed, all counted). Only externalIds are kept (for duplicates);
 * the bytes are hashed on the way (the checkpoint's key), and stdin is spooled to a file for the sending pass.
 */
import { createHash, type Hash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { CliError, ExitCode, quote } from "../core.js";
import { type InputFormat, readInput } from "./input.js";
import type { Mapping } from "./mapping.js";
import { csvBuilder, jsonBuilder, type UserBuilder } from "./records.js";

export type DuplicatePolicy = "error" | "last";

/** How many problems are listed (all are counted). */
export const MAX_PROBLEMS_SHOWN = 20;
/** Records per bulk request: the service's limit. */
export const BATCH_SIZE = 50;

export interface CheckOptions {
  stream: AsyncIterable<Buffer | string>;
  /** The file name for messages ("stdin" for -). */
  source: string;
  mapping: Mapping | undefined;
  duplicates: DuplicatePolicy;
  /** Where stdin is copied for the second pass. */
  spool?: FileHandle | undefined;
}

export interface Plan {
  format: InputFormat;
  /** CSV: the header's columns. */
  header: readonly string[] | undefined;
  /** Records read. */
  records: number;
  /** Records to send (duplicates dropped with --duplicates last). */
  uploads: number;
  batches: number;
  dropped: number;
  /** sha256 of the input's bytes. */
  hash: string;
  /** With --duplicates last: the position (1-based) of the record kept for each repeated externalId. */
  keep: ReadonlyMap<string, number> | undefined;
}

async function* tap(stream: AsyncIterable<Buffer | string>, hash: Hash, spool: FileHandle | undefined) {
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    if (spool) await spool.write(bytes);
    yield bytes;
  }
}

class Problems {
  readonly shown: string[] = [];
  count = 0;
  constructor(private readonly source: string) {}
  add(line: number, message: string): void {
    this.count++;
    if (this.shown.length < MAX_PROBLEMS_SHOWN) this.shown.push(`${this.source}, line ${line}: ${message}`);
  }
}

/** Duplicates: the lines of each repeated externalId, or the record kept for each (--duplicates last). */
class Duplicates {
  readonly seen = new Map<string, number>();
  readonly lines = new Map<string, number[]>();
  readonly keep = new Map<string, number>();
  dropped = 0;
  constructor(private readonly policy: DuplicatePolicy) {}
  add(externalId: string, line: number, position: number): void {
    const first = this.seen.get(externalId);
    if (first === undefined) {
      this.seen.set(externalId, line);
      return;
    }
    if (this.policy === "last") {
      this.keep.set(externalId, position);
      this.dropped++;
      return;
    }
    const lines = this.lines.get(externalId) ?? [first];
    lines.push(line);
    this.lines.set(externalId, lines);
  }
}

function headerError(source: string, line: number, problems: readonly string[]): CliError {
  return new CliError(
    ExitCode.usage,
    `${source}, line ${line} (the header): ${problems.length} problem(s); nothing was sent`,
    {
      details: problems,
      hint: "without --map, each column's header must be a SCIM attribute path (externalId, name.givenName, urn:…:User:department); with --map, every column it names must be in the file.",
    },
  );
}

/** Reads the whole input once; throws a usage error listing the problems when there are any. */
export async function checkInput(options: CheckOptions): Promise<Plan> {
  const { source, mapping } = options;
  const hash = createHash("sha256");
  const problems = new Problems(source);
  const duplicates = new Duplicates(options.duplicates);
  let format: InputFormat = "csv";
  let header: readonly string[] | undefined;
  let builder: UserBuilder | undefined;
  const seenColumns = new Set<string>();
  let records = 0;
  const handlers = {
    format: (found: InputFormat) => {
      format = found;
      if (found !== "csv") builder = jsonBuilder(mapping);
    },
    header: (columns: readonly string[], line: number) => {
      header = columns;
      const made = csvBuilder(mapping, columns);
      if ("problems" in made) throw headerError(source, line, made.problems);
      builder = made;
    },
  };
  for await (const record of readInput(tap(options.stream, hash, options.spool), source, handlers)) {
    records++;
    if (format !== "csv" && mapping)
      for (const column of mapping.columns) if (column in record.fields) seenColumns.add(column);
    const built = (builder as UserBuilder)(record);
    for (const problem of built.problems) problems.add(record.line, problem);
    if (built.externalId !== undefined) duplicates.add(built.externalId, record.line, records);
  }
  if (records === 0) throw new CliError(ExitCode.usage, `${source}: no records to upload`);
  if (format !== "csv" && mapping) {
    const never = [...mapping.columns].filter((column) => !seenColumns.has(column));
    for (const column of never) problems.add(1, `the mapping reads field ${quote(column)}, which no record has`);
  }
  for (const [externalId, lines] of duplicates.lines) {
    problems.add(lines[0] as number, `externalId ${quote(externalId)} is repeated, on lines ${lines.join(", ")}`);
  }
  if (problems.count > 0) throw inputProblems(source, problems, records, duplicates.lines.size > 0);
  const uploads = records - duplicates.dropped;
  return {
    format,
    header,
    records,
    uploads,
    batches: Math.ceil(uploads / BATCH_SIZE),
    dropped: duplicates.dropped,
    hash: hash.digest("hex"),
    keep: options.duplicates === "last" ? duplicates.keep : undefined,
  };
}

function inputProblems(source: string, problems: Problems, records: number, repeated: boolean): CliError {
  const more = problems.count - problems.shown.length;
  return new CliError(
    ExitCode.usage,
    `${source}: ${problems.count} problem(s) in ${records} record(s); nothing was sent`,
    {
      details: [...problems.shown, ...(more > 0 ? [`… and ${more} more`] : [])],
      hint: repeated
        ? "fix the records; for repeated workers, --duplicates last keeps the last record of each externalId."
        : "fix the records (or the mapping given with --map) and run the command again.",
    },
  );
}
