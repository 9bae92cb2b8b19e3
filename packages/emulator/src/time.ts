/** Time values as the service writes them: .NET timestamps, year-1 "never", ISO 8601 durations and TimeSpans. */

/** What the service writes for a time that never happened (the .NET `DateTime.MinValue`). */
export const NEVER = "0001-01-01T00:00:00Z";

/** The .NET maximum TimeSpan: the interval of a job that never runs on a schedule. */
export const MAX_TIMESPAN = "P10675199DT2H48M5.4775807S";

/** `2026-11-20T10:02:15.1234567Z` or, on a whole second, `2026-11-20T10:02:15Z` (like the service). */
export function formatTime(time: number): string {
  const ms = Math.round(time);
  const iso = new Date(ms).toISOString();
  const fraction = ms % 1000 === 0 ? "" : `${iso.slice(19, 23)}0000`;
  return `${iso.slice(0, 19)}${fraction}Z`;
}

/** Milliseconds, or undefined for "never" (missing, empty, unparsable or before 1970, like year 1). */
export function parseTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) || ms < 0 ? undefined : ms;
}

const DURATION =
  /^(-)?P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Durations longer than this never elapse in the emulator (the max TimeSpan, schedules of years). */
const FOREVER_MS = 10 * 365 * 24 * 3600 * 1000;

/**
 * An ISO 8601 duration or .NET TimeSpan in milliseconds: `Infinity` for anything of ten years or more (the max
 * TimeSpan), `undefined` when it is not a duration. Years and months count as 365 and 30 days.
 */
export function parseDuration(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const m = DURATION.exec(text);
  if (!m || text === "P" || text.endsWith("T")) return undefined;
  const n = (i: number) => Number(m[i] ?? 0);
  const ms =
    ((n(2) * 365 + n(3) * 30 + n(4) * 7 + n(5)) * 86400 + n(6) * 3600 + n(7) * 60 + n(8)) * 1000 * (m[1] ? -1 : 1);
  return ms >= FOREVER_MS ? Number.POSITIVE_INFINITY : ms;
}
