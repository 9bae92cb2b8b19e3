/**
 * Which jobs `graphsync health` reads: the file of `--from` (the same CSV, JSON or NDJSON as `jobs start --from`),
 * checked completely before any request, every bad row reported at once with its line.
 */

import type { Readable } from "node:stream";
import { validateJobId, validateServicePrincipalId } from "@graphsync/client";
import { CliError, ExitCode } from "./core.js";
import { openInput, readRecords } from "./records.js";

/** The jobs to read on one service principal (undefined: all of them). */
export interface TargetGroup {
  servicePrincipalId: string;
  jobIds: string[] | undefined;
  /** Its display name, when known (listing every service principal reads it). */
  name?: string | null;
}

/** Bad rows listed in the error (all are counted). */
const SHOWN = 50;

export async function readTargets(path: string, stdin: () => Readable): Promise<TargetGroup[]> {
  const input = await openInput(path, path === "-" ? stdin() : (undefined as never));
  const bad: string[] = [];
  let badCount = 0;
  let total = 0;
  const onBad = (message: string) => {
    badCount++;
    if (bad.length < SHOWN) bad.push(message);
  };
  const groups = new Map<string, TargetGroup>();
  const records = readRecords(input.stream, input.source, { onBadRecord: (error) => onBad(error.message) });
  for await (const record of records) {
    total++;
    try {
      validateServicePrincipalId(record.servicePrincipalId);
      validateJobId(record.jobId);
    } catch (error) {
      onBad(`${input.source}, line ${record.line}: ${(error as Error).message}`);
      continue;
    }
    const key = record.servicePrincipalId.toLowerCase();
    const group = groups.get(key) ?? { servicePrincipalId: record.servicePrincipalId, jobIds: [] };
    if (!group.jobIds?.includes(record.jobId)) group.jobIds?.push(record.jobId);
    groups.set(key, group);
  }
  if (badCount > 0) {
    const more = badCount - bad.length;
    throw new CliError(ExitCode.usage, `${input.source}: ${badCount} bad row(s); nothing was read`, {
      details: [...bad, ...(more > 0 ? [`… and ${more} more`] : [])],
      hint: "each row is servicePrincipalId,jobId (a header line first): the service principal's object id (a GUID) and a job id such as scim.e4bbf44533ea4eabb17027f3a92e92aa.",
    });
  }
  if (total === 0) throw new CliError(ExitCode.usage, `${input.source}: no jobs listed`);
  return [...groups.values()];
}
