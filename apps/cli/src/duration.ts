import { CliError, ExitCode } from "./errors.js";
import { quote } from "./suggest.js";

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
export const MAX_DURATION_MS = 24 * 3_600_000;

/** Parses `10m`, `90s`, `1h30m`, `1500ms`, or a bare number of seconds. */
export function parseDuration(text: string, flag: string): number {
  const trimmed = text.trim();
  let total = 0;
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    total = Number(trimmed) * 1000;
  } else {
    PART.lastIndex = 0;
    let matched = 0;
    while (PART.lastIndex < trimmed.length) {
      const start = PART.lastIndex;
      const match = PART.exec(trimmed);
      if (!match || match.index !== start) {
        matched = 0;
        break;
      }
      total += Number(match[1]) * (UNIT_MS[match[2] as string] ?? Number.NaN);
      matched++;
    }
    if (matched === 0) {
      throw new CliError(ExitCode.usage, `invalid duration ${quote(text)} for ${flag}`, {
        hint: "write a number with a unit: 500ms, 30s, 10m, 1h, 1h30m (a bare number means seconds).",
      });
    }
  }
  if (!Number.isFinite(total) || total <= 0 || total > MAX_DURATION_MS) {
    throw new CliError(ExitCode.usage, `duration ${quote(text)} for ${flag} is out of range`, {
      hint: "it must be more than 0 and at most 24h.",
    });
  }
  return Math.round(total);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds === 0 ? `${minutes}m` : `${minutes}m${seconds}s`;
}
