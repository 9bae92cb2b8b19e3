/**
 * `graphsync logs`: the provisioning log entries of a service principal, filtered on the service ($filter built
 * safely by the client), read page by page within the service's 5 requests per 10 s, and written as they arrive.
 */
import type { ProvisioningLogQuery, ProvisioningObjectSummary } from "@graphsync/client";
import type { ClientHandle } from "../client-handle.js";
import type { CommandContext } from "../context.js";
import { booleanOption, CliError, ExitCode, type OptionValues, quote } from "../core.js";
import { graphCall } from "../graph-call.js";
import { parseLogsOptions, RETENTION_DAYS, USER_HINT } from "../logs-query.js";
import { sinkFor } from "../logs-sinks.js";
import { printDryRun, recordPlannedCalls, servicePrincipalOf } from "./shared.js";

/**
 * The page size asked for. A page of 999 entries (about 2.5 MB of JSON) took a 100,000-entry CSV to 170 MiB peak
 * RSS; 500 keeps it near 120 MiB, and at the service's 5 requests per 10 s still reads 250 entries a second.
 */
const PAGE = 500;

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const { output } = context;
  // Checked first, so a usage error sends nothing (and starts no emulator).
  let { query, top } = parseLogsOptions(values, context.clock.now());
  const summary = booleanOption(values, "summary");
  if (summary && output.format === "csv") {
    throw new CliError(ExitCode.usage, "--summary is not written as CSV", {
      hint: "use --summary alone (a table) or with --output json; --output csv writes the entries themselves.",
    });
  }
  const servicePrincipalId = await servicePrincipalOf(context, values);
  const handle = await context.client();
  // --since 2h is relative to the service's time: with --emulator, the emulator's clock.
  if (handle.emulator) ({ query, top } = parseLogsOptions(values, handle.emulator.clock.now()));
  const filter: ProvisioningLogQuery = { servicePrincipalId, ...query };
  const pageSize = Math.min(top ?? PAGE, PAGE);
  if (handle.dryRun) {
    await recordPlannedCalls([() => firstEntry(handle, filter, pageSize, context.signal)]);
    printDryRun(context, handle);
    return;
  }
  const sink = sinkFor(output, summary);
  const count = await graphCall(context, "could not read the provisioning logs", {}, async (client, signal) => {
    let n = 0;
    for await (const entry of client.listProvisioningLogs(filter, pageSize, signal)) {
      sink.add(entry);
      n++;
      if (top !== undefined && n >= top) break;
      // Writing faster than a slow pipe reads would pile the rows up in memory.
      if (n % 200 === 0) await output.drained(signal);
    }
    return n;
  });
  if (count === 0 && query.identity !== undefined) throw noEntryFor(query);
  sink.end(count);
}

async function firstEntry(
  handle: ClientHandle,
  filter: ProvisioningLogQuery,
  top: number,
  signal: AbortSignal,
): Promise<ProvisioningObjectSummary | undefined> {
  for await (const entry of handle.listProvisioningLogs(filter, top, signal)) return entry;
  return undefined;
}

/** A --user that matches nothing is a mistake more often than not: say what it was compared with. */
export function noEntryFor(query: ProvisioningLogQuery): CliError {
  const narrowed = [
    query.jobId && `--job ${query.jobId}`,
    query.cycleId && `--cycle ${query.cycleId}`,
    query.status && `--status ${[query.status].flat().join(",")}`,
    query.action && `--action ${[query.action].flat().join(",")}`,
    query.since && `--since ${new Date(query.since).toISOString()}`,
  ].filter(Boolean);
  return new CliError(ExitCode.usage, `no provisioning log entry matches --user ${quote(query.identity ?? "")}`, {
    details: [
      `--user is ${USER_HINT}, compared exactly (case-sensitive) with each entry's sourceIdentity and targetIdentity id and displayName.`,
      ...(narrowed.length ? [`also required: ${narrowed.join(", ")}`] : []),
      `entries are kept ${RETENTION_DAYS} days at most (7 without Entra ID P1/P2).`,
    ],
    hint: "check the value's spelling and case, drop the other filters, or run 'graphsync explain' for why an object may have no entries.",
  });
}
