/**
 * The options of `graphsync logs` and `graphsync explain` turned into a provisioning log query, every problem found
 * before any request: unknown --status/--action values (with a did-you-mean), an unparseable --since, a bad --top,
 * an id with control characters. The service compares names and values case-sensitively, so the user's spelling is
 * mapped onto the service's here.
 */
import { type ProvisioningLogQuery, validateJobId } from "@graphsync/client";
import { CliError, ExitCode, type OptionValues, quote, stringOption, suggest } from "./core.js";
import { Problems } from "./problems.js";

/** The values the CLI offers (the service's, without its placeholder unknownFutureValue). */
export const LOG_STATUSES = ["success", "failure", "skipped", "warning"] as const;
export const LOG_ACTIONS = ["create", "update", "delete", "disable", "stagedDelete", "other"] as const;
type Status = (typeof LOG_STATUSES)[number];
type Action = (typeof LOG_ACTIONS)[number];

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const AGO = /^(\d+(?:\.\d+)?)\s*(m|h|d|w)$/;
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
// No control characters (they would end up in the service's logs and our terminal), 1 to 256 characters.
const VALUE = /^[^\p{Cc}\p{Cs}]{1,256}$/u;
/** The longest retention the service offers (30 days with Entra ID P1/P2). */
export const RETENTION_DAYS = 30;

/** `--status failure,warning`: members in any case, mapped to the service's spelling. */
export function parseMembers<T extends string>(flag: string, text: string, allowed: readonly T[]): T[] {
  const found: T[] = [];
  for (const member of text.split(",").map((part) => part.trim())) {
    const known = allowed.find((value) => value.toLowerCase() === member.toLowerCase());
    if (known === undefined) {
      const guess = member === "" ? undefined : suggest(member, allowed);
      throw new CliError(ExitCode.usage, `invalid ${flag} value ${quote(member)}`, {
        hint: `${guess ? `did you mean ${guess}? ` : ""}allowed (comma-separated): ${allowed.join(", ")}.`,
      });
    }
    if (!found.includes(known)) found.push(known);
  }
  return found;
}

/** A span of time such as 30m, 2h, 7d or 1w (minutes, hours, days, weeks); undefined when the text is not one. */
export function spanMs(text: string): number | undefined {
  const match = AGO.exec(text.trim());
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] as string] ?? Number.NaN) : Number.NaN;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** `--since 2h` (m, h, d, w ago) or an ISO 8601 date or date-time (UTC unless it says otherwise). */
export function parseSince(text: string, now: number): Date {
  const trimmed = text.trim();
  const ago = spanMs(trimmed);
  const time =
    ago !== undefined
      ? now - ago
      : ISO.test(trimmed)
        ? Date.parse(/T.*(Z|[+-]\d{2}:\d{2})$/.test(trimmed) || !trimmed.includes("T") ? trimmed : `${trimmed}Z`)
        : Number.NaN;
  if (!Number.isFinite(time)) {
    throw new CliError(ExitCode.usage, `invalid --since ${quote(text)}`, {
      hint: "write how long ago (30m, 2h, 7d, 1w) or an ISO 8601 date or date-time (2026-11-28, 2026-11-28T10:00:00Z).",
    });
  }
  if (time > now) {
    throw new CliError(ExitCode.usage, `--since ${quote(text)} is in the future (${new Date(time).toISOString()})`, {
      hint: "give a time in the past: entries are written after they happen.",
    });
  }
  return new Date(time);
}

/** `--top N`: how many entries at most (newest first). */
export function parseTop(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1 || value > 1_000_000) {
    throw new CliError(ExitCode.usage, `invalid --top ${quote(text)}`, { hint: "a whole number from 1 to 1000000." });
  }
  return value;
}

export function checkValue(flag: string, text: string, what: string): string {
  if (!VALUE.test(text)) {
    throw new CliError(ExitCode.usage, `invalid ${flag} ${quote(text)}`, {
      hint: `${what}: 1 to 256 characters, no control characters.`,
    });
  }
  return text;
}

export const USER_HINT = "the object's id, userPrincipalName or externalId (in the source or the target system)";

export function checkJob(text: string): string {
  try {
    validateJobId(text);
    return text;
  } catch (error) {
    throw new CliError(ExitCode.usage, `invalid --job ${quote(text)}: ${(error as Error).message}`, {
      hint: "a job id looks like scim.e4bbf44533ea4eabb17027f3a92e92aa ('graphsync jobs list' shows them).",
    });
  }
}

export interface LogsRequest {
  query: ProvisioningLogQuery;
  /** At most this many entries (undefined: all). */
  top: number | undefined;
}

/** Every log option checked at once; the service principal is added by the caller. */
export function parseLogsOptions(values: OptionValues, now: number): LogsRequest {
  const problems = new Problems();
  const query: ProvisioningLogQuery = {};
  const text = (name: string) => stringOption(values, name);
  const job = text("job");
  if (job !== undefined) query.jobId = problems.check(() => checkJob(job));
  const user = text("user");
  if (user !== undefined) query.identity = problems.check(() => checkValue("--user", user, USER_HINT));
  const cycle = text("cycle");
  if (cycle !== undefined) query.cycleId = problems.check(() => checkValue("--cycle", cycle, "a cycle id"));
  const status = text("status");
  if (status !== undefined) query.status = problems.check(() => parseMembers<Status>("--status", status, LOG_STATUSES));
  const action = text("action");
  if (action !== undefined) query.action = problems.check(() => parseMembers<Action>("--action", action, LOG_ACTIONS));
  const since = text("since");
  if (since !== undefined) query.since = problems.check(() => parseSince(since, now));
  const topText = text("top");
  const top = topText === undefined ? undefined : problems.check(() => parseTop(topText));
  problems.throwIfAny();
  for (const key of Object.keys(query) as (keyof ProvisioningLogQuery)[]) {
    if (query[key] === undefined) delete query[key];
  }
  return { query, top };
}
