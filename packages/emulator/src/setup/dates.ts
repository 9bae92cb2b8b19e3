/** The .NET custom date formats expressions use (`yyyy-MM-ddzzz`, `yyyyMMddHHmmss.fZ`), enough for the common ones. */
import { EvaluationError } from "./evaluation-error.js";

const TOKEN = /yyyy|MM|dd|HH|mm|ss|f{1,7}|zzz|\\.|./g;
const FIELD: Record<string, string> = {
  yyyy: "(\\d{4})",
  MM: "(\\d{2})",
  dd: "(\\d{2})",
  HH: "(\\d{2})",
  mm: "(\\d{2})",
  ss: "(\\d{2})",
  zzz: "([+-]\\d{2}:\\d{2})",
};

/** A date from `value`, read with `format` when given, else as ISO 8601. @throws {EvaluationError} */
export function parseDate(value: string, format?: string): Date {
  if (!format) {
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw new EvaluationError(`'${value}' is not a date.`);
    return new Date(time);
  }
  const tokens = format.match(TOKEN) ?? [];
  const pattern = tokens
    .map(
      (t) =>
        FIELD[t] ??
        (t.startsWith("f") ? `(\\d{${t.length}})` : t.replace(/^\\/, "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")),
    )
    .join("");
  const match = new RegExp(`^${pattern}$`).exec(value);
  if (!match) throw new EvaluationError(`'${value}' does not match the input format '${format}'.`);
  const parts: Record<string, string> = {};
  let group = 1;
  for (const t of tokens) if (FIELD[t] || t.startsWith("f")) parts[t.startsWith("f") ? "f" : t] = match[group++] ?? "";
  const n = (k: string) => Number(parts[k] ?? 0);
  let time = Date.UTC(n("yyyy"), (parts.MM ? n("MM") : 1) - 1, parts.dd ? n("dd") : 1, n("HH"), n("mm"), n("ss"));
  time += Math.round(Number(`0.${parts.f ?? "0"}`) * 1000);
  const zone = /([+-])(\d{2}):(\d{2})/.exec(parts.zzz ?? "");
  if (zone) time -= (zone[1] === "-" ? -1 : 1) * (Number(zone[2]) * 60 + Number(zone[3])) * 60_000;
  return new Date(time);
}

/** `date` (UTC) written with a .NET custom format. */
export function formatDate(date: Date, format: string): string {
  const pad = (v: number, width = 2) => String(v).padStart(width, "0");
  const iso = date.toISOString();
  return (format.match(TOKEN) ?? [])
    .map((t) => {
      if (t === "yyyy") return pad(date.getUTCFullYear(), 4);
      if (t === "MM") return pad(date.getUTCMonth() + 1);
      if (t === "dd") return pad(date.getUTCDate());
      if (t === "HH") return pad(date.getUTCHours());
      if (t === "mm") return pad(date.getUTCMinutes());
      if (t === "ss") return pad(date.getUTCSeconds());
      if (t === "zzz") return "+00:00";
      if (t.startsWith("f")) return iso.slice(20, 23).padEnd(7, "0").slice(0, t.length);
      return t.replace(/^\\/, "");
    })
    .join("");
}
