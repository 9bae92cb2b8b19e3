/**
 * `graphsync health`: one line per job with what needs attention and the next step, for one job, a service
 * principal, a file of jobs, or every service principal that has jobs. Service principals are read 8 at a time (one
 * job list each), with the client's retry rules. Exit 0 when every job is healthy, 6 when any is not.
 */
import type { SynchronizationJob } from "@graphsync/types";
import type { ClientHandle } from "../client-handle.js";
import type { CommandContext } from "../context.js";
import { booleanOption, CliError, ExitCode, type OptionValues, parseDuration, quote, stringOption } from "../core.js";
import { graphCall } from "../graph-call.js";
import { isClientError, toCliError } from "../graph-errors.js";
import { assessJob, type HealthRow } from "../health-assess.js";
import { type HealthReport, printReport, reportOf } from "../health-render.js";
import { readTargets, type TargetGroup } from "../health-targets.js";
import { checkJob, spanMs } from "../logs-query.js";
import { runPool } from "../pool.js";
import { Problems } from "../problems.js";
import { printDryRun, recordPlannedCalls } from "./shared.js";

/** Service principals read at once. */
export const HEALTH_CONCURRENCY = 8;
const DEFAULT_MAX_AGE_MS = 24 * 3_600_000;
const DEFAULT_INTERVAL_MS = 60_000;

interface Plan {
  /** The service's current time (set once the client is known). */
  now?: () => number;
  /** --sp, --sp --job, or the groups of --from; undefined: every service principal. */
  groups: TargetGroup[] | undefined;
  maxAgeMs: number;
  watch: boolean;
  intervalMs: number;
}

async function planOf(context: CommandContext, values: OptionValues): Promise<Plan> {
  const problems = new Problems();
  const maxAgeText = stringOption(values, "max-age");
  const maxAgeMs = maxAgeText === undefined ? DEFAULT_MAX_AGE_MS : problems.check(() => maxAge(maxAgeText));
  const intervalText = stringOption(values, "interval");
  const intervalMs =
    intervalText === undefined ? DEFAULT_INTERVAL_MS : problems.check(() => parseDuration(intervalText, "--interval"));
  const sp = stringOption(values, "sp");
  const job = stringOption(values, "job");
  if (job !== undefined) problems.check(() => checkJob(job));
  const from = stringOption(values, "from");
  let groups: TargetGroup[] | undefined;
  if (from !== undefined) groups = await problems.check(() => readTargets(from, () => context.runtime.stdin()));
  problems.throwIfAny();
  if (sp !== undefined) groups = [{ servicePrincipalId: sp, jobIds: job === undefined ? undefined : [job] }];
  return { groups, maxAgeMs: maxAgeMs ?? 0, watch: booleanOption(values, "watch"), intervalMs: intervalMs ?? 0 };
}

function maxAge(text: string): number {
  const ms = spanMs(text);
  if (ms === undefined) {
    throw new CliError(ExitCode.usage, `invalid --max-age ${quote(text)}`, {
      hint: "write a span of time: 30m, 6h, 24h, 2d, 1w.",
    });
  }
  return ms;
}

export async function run(context: CommandContext, values: OptionValues): Promise<void> {
  const plan = await planOf(context, values);
  const handle = await context.client();
  if (handle.dryRun) {
    const sp = plan.groups?.[0]?.servicePrincipalId;
    await recordPlannedCalls([
      sp
        ? () => handle.listJobs(sp, context.signal)
        : () => handle.listServicePrincipals(context.signal)[Symbol.asyncIterator]().next(),
    ]);
    printDryRun(context, handle, "graphsync health reads one job list per service principal.");
    return;
  }
  // The service's time: with --emulator, the emulator's clock (its job times are on it).
  const clock = handle.emulator?.clock ?? context.clock;
  let report: HealthReport;
  for (;;) {
    report = reportOf(await checkAll(context, handle, { ...plan, now: () => clock.now() }), clock.now());
    printReport(context.output, report, plan.watch);
    if (!plan.watch || context.signal.aborted) break;
    try {
      await clock.sleep(plan.intervalMs, context.signal);
    } catch {
      break; // Ctrl-C ends a watch: the last report stands.
    }
  }
  if (!report.healthy) {
    const bad = report.counts.unhealthy + report.counts.error;
    throw new CliError(ExitCode.unhealthy, `${bad} of ${report.jobs.length} jobs are not healthy`, {
      hint: "each one's next step is in its row; 'graphsync explain' and 'graphsync logs --summary' say more.",
    });
  }
}

/** Every job the plan names, assessed; sorted by service principal, then job. */
async function checkAll(context: CommandContext, handle: ClientHandle, plan: Plan): Promise<HealthRow[]> {
  const [single] = plan.groups ?? [];
  if (plan.groups?.length === 1 && single) {
    // One service principal: its errors are the command's (exit 3, 4, 5 as for any jobs command).
    const { jobs, missing } = await readGroup(context, single);
    if (missing) throw missing.error;
    return jobs.map((job) => assess(context, plan, single, job));
  }
  const rows: HealthRow[] = [];
  const failures: unknown[] = [];
  const groups = plan.groups ?? everyServicePrincipal(handle, context.signal);
  const throttle = throttleGate(context, handle);
  try {
    await runPool(
      toAsync(groups),
      HEALTH_CONCURRENCY,
      async (group) => {
        try {
          const { jobs, missing } = await throttle.run(() =>
            plan.groups
              ? readGroup(context, group)
              : handle
                  .listJobs(group.servicePrincipalId, context.signal)
                  .then((jobs) => ({ jobs, missing: undefined })),
          );
          for (const job of jobs) rows.push(assess(context, plan, group, job));
          if (missing) rows.push(...(await errorRows(missing.group, missing.error)));
        } catch (error) {
          // Listing every service principal: one without synchronization may answer 404, which is not a job's problem.
          if (!plan.groups && isClientError(error) && error.status === 404) return;
          failures.push(error);
          rows.push(...(await errorRows(group, error)));
        }
      },
      context.signal,
    );
  } finally {
    throttle.close();
  }
  if (failures.length > 0 && rows.every((row) => row.state === "error"))
    throw await toCliError(failures[0], "could not read any job");
  return rows.sort(
    (a, b) => a.servicePrincipalId.localeCompare(b.servicePrincipalId) || a.jobId.localeCompare(b.jobId),
  );
}

/** The group's jobs; the ids it names that the service principal does not have, as errors of their own. */
async function readGroup(context: CommandContext, group: TargetGroup): Promise<ReadGroup> {
  const sp = group.servicePrincipalId;
  const [only, ...more] = group.jobIds ?? [];
  if (only !== undefined && more.length === 0) {
    const subject = { servicePrincipalId: sp, jobId: only };
    return { jobs: [await graphCall(context, `could not read job ${only}`, subject, (c, s) => c.getJob(sp, only, s))] };
  }
  const what = `could not list the jobs of service principal ${sp}`;
  const jobs = await graphCall(context, what, { servicePrincipalId: sp }, (c, s) => c.listJobs(sp, s));
  if (!group.jobIds) return { jobs };
  const found = new Map(jobs.map((job) => [job.id ?? "", job]));
  const missing = group.jobIds.filter((id) => !found.has(id));
  return {
    jobs: group.jobIds.flatMap((id) => found.get(id) ?? []),
    missing: missing.length ? { group: { ...group, jobIds: missing }, error: noSuchJobs(sp, missing) } : undefined,
  };
}

interface ReadGroup {
  jobs: SynchronizationJob[];
  missing?: { group: TargetGroup; error: CliError } | undefined;
}

function noSuchJobs(sp: string, ids: string[]): CliError {
  return new CliError(
    ExitCode.notFound,
    `service principal ${sp} has no job ${ids.map((id) => quote(id)).join(", ")}`,
    {
      hint: `'graphsync jobs list --sp ${sp}' shows its jobs.`,
    },
  );
}

function assess(context: CommandContext, plan: Plan, group: TargetGroup, job: SynchronizationJob): HealthRow {
  return assessJob({
    servicePrincipalId: group.servicePrincipalId,
    servicePrincipalName: group.name,
    job,
    now: (plan.now ?? context.clock.now)(),
    maxAgeMs: plan.maxAgeMs,
  });
}

/** A row for each job that could not be read (one for the whole service principal when its jobs are unknown). */
async function errorRows(group: TargetGroup, error: unknown): Promise<HealthRow[]> {
  const cliError = await toCliError(error, `could not read the jobs of ${group.servicePrincipalId}`);
  const message = cliError instanceof Error ? cliError.message : String(cliError);
  const hint = cliError instanceof CliError ? (cliError.hint ?? null) : null;
  return (group.jobIds ?? ["-"]).map((jobId) => ({
    servicePrincipalId: group.servicePrincipalId,
    servicePrincipalName: group.name ?? null,
    jobId,
    state: "error",
    status: "-",
    lastSuccessfulExportAt: null,
    sinceExportMs: null,
    quarantine: null,
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    problems: [message],
    resetScope: null,
    nextStep: hint,
  }));
}

async function* everyServicePrincipal(handle: ClientHandle, signal: AbortSignal): AsyncGenerator<TargetGroup> {
  for await (const sp of handle.listServicePrincipals(signal)) {
    yield { servicePrincipalId: sp.id, jobIds: undefined, name: sp.displayName ?? null };
  }
}

async function* toAsync<T>(items: Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  yield* items;
}

/** Times a service principal's read is tried again after the client's own retries ran out on throttling. */
const THROTTLED_REREADS = 3;

/**
 * Graph throttles per app and tenant: when one read is told to wait (429/503 with Retry-After), no lane starts a new
 * read until that time, and a read whose retries all met throttling is made again (at most THROTTLED_REREADS times)
 * instead of becoming a row that says "throttled" while the service has capacity again a second later.
 */
function throttleGate(context: CommandContext, handle: ClientHandle) {
  const clock = handle.emulator?.clock ?? context.clock;
  let holdUntil = 0;
  const hold = (ms: number) => {
    holdUntil = Math.max(holdUntil, clock.now() + ms);
  };
  const unsubscribe = handle.onRetry((event) => {
    const status = (event.error as { status?: number }).status;
    if (status === 429 || status === 503) hold(event.delayMs);
  });
  const throttled = (error: unknown) =>
    error instanceof CliError
      ? error.exitCode === ExitCode.throttledOrTimedOut &&
        [429, 503].includes((error.cause as { status?: number })?.status ?? 0)
      : isClientError(error) && (error.status === 429 || error.status === 503);
  return {
    async run<T>(read: () => Promise<T>): Promise<T> {
      for (let attempt = 0; ; attempt++) {
        const wait = holdUntil - clock.now();
        if (wait > 0) await clock.sleep(wait, context.signal);
        try {
          return await read();
        } catch (error) {
          if (attempt >= THROTTLED_REREADS || !throttled(error)) throw error;
          hold(1000);
        }
      }
    },
    close: unsubscribe,
  };
}
