/**
 * The sending pass: the checked input read again, record by record, into batches of at most 50 users, in input
 * order. The same bytes, mapping and duplicate policy always give the same batches: that is what lets a checkpoint
 * say "the first N batches were accepted".
 */
import { BATCH_SIZE, type Plan } from "./check.js";
import { readInput } from "./input.js";
import type { Mapping } from "./mapping.js";
import { csvBuilder, jsonBuilder, type UserBuilder } from "./records.js";

export interface Batch {
  /** 0-based position among the batches. */
  index: number;
  users: Record<string, unknown>[];
  externalIds: string[];
}

export interface BatchSource {
  stream: AsyncIterable<Buffer | string>;
  source: string;
  mapping: Mapping | undefined;
  plan: Pick<Plan, "keep">;
}

/** The batches of a checked input (a record with a problem cannot appear: the check refused the input). */
export async function* readBatches({ stream, source, mapping, plan }: BatchSource): AsyncGenerator<Batch> {
  let builder: UserBuilder | undefined;
  const handlers = {
    format: (format: string) => {
      if (format !== "csv") builder = jsonBuilder(mapping);
    },
    header: (columns: readonly string[]) => {
      const made = csvBuilder(mapping, columns);
      if ("problems" in made) throw new Error(`the header of ${source} changed since it was checked`);
      builder = made;
    },
  };
  let position = 0;
  let batch: Batch = { index: 0, users: [], externalIds: [] };
  for await (const record of readInput(stream, source, handlers)) {
    position++;
    const built = (builder as UserBuilder)(record);
    if (built.externalId === undefined || built.problems.length > 0) {
      throw new Error(`${source}, line ${record.line} changed since it was checked`);
    }
    const kept = plan.keep?.get(built.externalId);
    if (kept !== undefined && kept !== position) continue;
    batch.users.push(built.user);
    batch.externalIds.push(built.externalId);
    if (batch.users.length === BATCH_SIZE) {
      yield batch;
      batch = { index: batch.index + 1, users: [], externalIds: [] };
    }
  }
  if (batch.users.length > 0) yield batch;
}
