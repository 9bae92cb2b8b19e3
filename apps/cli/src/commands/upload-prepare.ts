/**
 * The first half of `upload`, before anything is sent: the options, the mapping, the input checked in full, and the
 * ids. What the later steps share (the plan, how to read the input again) is `Prepared`.
 */
import type { Clock, CommandContext } from "../context.js";
import { booleanOption, CliError, ExitCode, type OptionValues, parseDuration, quote, stringOption } from "../core.js";
import { type Batch, readBatches } from "../upload/batches.js";
import { checkInput, type DuplicatePolicy, type Plan } from "../upload/check.js";
import { loadMapping } from "../upload/map-file.js";
import type { Mapping } from "../upload/mapping.js";
import { openUploadSource, type UploadSource } from "../upload/source.js";
import { jobOf, servicePrincipalOf } from "./shared.js";

export const DEFAULT_BUDGET = 6000;
export const DEFAULT_WAIT_TIMEOUT_MS = 30 * 60_000;

export interface UploadOptions {
  from: string;
  mapPath: string | undefined;
  duplicates: DuplicatePolicy;
  budget: number;
  resume: boolean;
  force: boolean;
  wait: boolean;
  timeoutMs: number;
  /** --state-dir; undefined: the user's state directory. */
  stateDir: string | undefined;
  /** --pace: requests per window. */
  pace: { limit: number; windowMs: number };
}

/** The service's documented limit (the stricter of Microsoft's two pages): 40 bulkUpload requests per 5 seconds. */
export const UPLOAD_PACE = { limit: 40, windowMs: 5000 };

export function parsePace(text: string | undefined): { limit: number; windowMs: number } {
  if (text === undefined) return UPLOAD_PACE;
  const match = /^(\d{1,7})\/(.+)$/.exec(text.trim());
  const limit = Number(match?.[1]);
  if (!match || !Number.isSafeInteger(limit) || limit < 1) {
    throw new CliError(ExitCode.usage, `invalid --pace ${quote(text)}`, {
      hint: "requests per window, such as 40/5s (the service's limit) or 1000/1s (an emulator with raised limits).",
    });
  }
  return { limit, windowMs: parseDuration(match[2] as string, "--pace") };
}

export function parseBudget(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BUDGET;
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) {
    throw new CliError(ExitCode.usage, `invalid --budget ${quote(text)}`, {
      hint: "a whole number of bulkUpload requests per 24 hours, at least 1 (the service allows 6000).",
    });
  }
  return value;
}

export function uploadOptions(values: OptionValues): UploadOptions {
  const timeout = stringOption(values, "timeout");
  return {
    from: stringOption(values, "from") as string,
    mapPath: stringOption(values, "map"),
    duplicates: (stringOption(values, "duplicates") ?? "error") as DuplicatePolicy,
    budget: parseBudget(stringOption(values, "budget")),
    resume: booleanOption(values, "resume"),
    force: booleanOption(values, "force"),
    wait: booleanOption(values, "wait"),
    timeoutMs: timeout === undefined ? DEFAULT_WAIT_TIMEOUT_MS : parseDuration(timeout, "--timeout"),
    stateDir: stringOption(values, "state-dir"),
    pace: parsePace(stringOption(values, "pace")),
  };
}

/** What the later steps share: the checked input and how to read it again. */
export interface Prepared {
  options: UploadOptions;
  mapping: Mapping | undefined;
  /** sha256 of the mapping file and the duplicate policy (they change the batches). */
  optionsHash: string;
  input: UploadSource;
  plan: Plan;
  servicePrincipalId: string;
  jobId: string;
  /** The service's time: with --emulator, the emulator's clock (as `jobs start --wait` does); else the system's. */
  clock: Clock;
}

/** The batches of the checked input, read again from the start. */
export function batchesOf(prepared: Prepared): AsyncGenerator<Batch> {
  const { input, mapping, plan } = prepared;
  return readBatches({ stream: input.again(), source: input.source, mapping, plan });
}

/** --sp and --job; with --emulator, the demo tenant's inbound provisioning job for the one not given. */
async function idsOf(
  context: CommandContext,
  values: OptionValues,
): Promise<{ servicePrincipalId: string; jobId: string }> {
  if (context.settings.emulator && (values.sp === undefined || values.job === undefined)) {
    const { DEMO_TENANT } = await import("@graphsync/emulator");
    const inbound = DEMO_TENANT.jobs.inbound;
    return {
      servicePrincipalId: stringOption(values, "sp") ?? inbound.servicePrincipalId,
      jobId: stringOption(values, "job") ?? inbound.jobId,
    };
  }
  return { servicePrincipalId: await servicePrincipalOf(context, values), jobId: jobOf(values) };
}

export async function prepare(context: CommandContext, values: OptionValues): Promise<Prepared> {
  const options = uploadOptions(values);
  const loaded = options.mapPath === undefined ? undefined : await loadMapping(options.mapPath);
  const input = await openUploadSource(options.from, context.runtime.stdin);
  context.onClose(() => input.close());
  const plan = await checkInput({
    stream: input.first,
    source: input.source,
    mapping: loaded?.mapping,
    duplicates: options.duplicates,
    spool: input.spool,
  });
  const dropped =
    plan.dropped > 0 ? `, ${plan.dropped} repeated record(s) dropped (--duplicates last kept the last of each)` : "";
  context.output.info(
    `${input.source}: ${plan.records} record(s) checked${dropped}; ${plan.uploads} to upload in ${plan.batches} batch(es) of up to 50`,
  );
  return {
    options,
    mapping: loaded?.mapping,
    optionsHash: `${loaded?.hash ?? "-"}:${options.duplicates}`,
    input,
    plan,
    ...(await idsOf(context, values)),
    clock: context.settings.emulator ? ((await context.client()).emulator?.clock ?? context.clock) : context.clock,
  };
}
