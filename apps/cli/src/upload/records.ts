/**
 * The two passes over the input share this: how a record becomes a SCIM User (through `--map`, the CSV header, or
 * as a JSON SCIM User), and what makes it unusable. Each pass builds the users again from the same bytes, so the
 * batches of the sending pass are exactly the ones the checking pass counted.
 */
import { quote, suggest } from "../suggest.js";
import { applyMapping } from "./apply.js";
import { checkJsonUser, mappingFromHeader } from "./identity.js";
import type { InputFormat, InputRecord } from "./input.js";
import type { Mapping } from "./mapping.js";

export interface BuiltUser {
  user: Record<string, unknown>;
  externalId: string | undefined;
  problems: string[];
}

/** The spec's (and the service's) longest externalId. */
export const MAX_EXTERNAL_ID = 1024;

export type UserBuilder = (record: InputRecord) => BuiltUser;

export function externalIdOf(user: Record<string, unknown>): string | undefined {
  const id = user.externalId;
  return typeof id === "string" && id.trim() !== "" ? id : undefined;
}

function build(
  record: InputRecord,
  make: (fields: Record<string, unknown>) => { user: Record<string, unknown>; problems: string[] },
): BuiltUser {
  if (record.problem) return { user: {}, externalId: undefined, problems: [record.problem] };
  const { user, problems } = make(record.fields);
  const externalId = externalIdOf(user);
  if (externalId !== undefined && externalId.length > MAX_EXTERNAL_ID) {
    problems.push(`externalId is ${externalId.length} characters long; at most ${MAX_EXTERNAL_ID} are allowed`);
  }
  if (externalId === undefined && !problems.some((p) => p.startsWith("externalId"))) {
    problems.unshift("externalId is missing or empty (every record needs one: it is how the job matches the user)");
  }
  return { user, externalId, problems };
}

/** The builder for JSON records: through the mapping when one is given, else each record is a SCIM User. */
export function jsonBuilder(mapping: Mapping | undefined): UserBuilder {
  if (mapping) return (record) => build(record, (fields) => applyMapping(mapping, (column) => fields[column]));
  return (record) => build(record, checkJsonUser);
}

/** Mapped columns the CSV header lacks, each with a "did you mean" among the header's columns. */
export function missingColumns(mapping: Mapping, header: readonly string[]): string[] {
  const have = new Set(header);
  return [...mapping.columns]
    .filter((column) => !have.has(column))
    .map((column) => {
      const guess = suggest(column, header);
      return `the mapping reads column ${quote(column)}, which the file does not have${guess ? ` (did you mean ${quote(guess)}?)` : ""}`;
    });
}

/**
 * The builder for CSV records, once the header is known: through `--map` (every column it names must be in the
 * header), else the header's SCIM attribute paths. Returns the problems of the header instead when it cannot work.
 */
export function csvBuilder(
  mapping: Mapping | undefined,
  header: readonly string[],
): UserBuilder | { problems: string[] } {
  let effective = mapping;
  if (!effective) {
    const fromHeader = mappingFromHeader(header);
    if ("problems" in fromHeader) return fromHeader;
    effective = fromHeader;
  } else {
    const missing = missingColumns(effective, header);
    if (missing.length > 0) return { problems: missing };
  }
  const used = effective;
  return (record) => build(record, (fields) => applyMapping(used, (column) => fields[column]));
}

export type { InputFormat };
