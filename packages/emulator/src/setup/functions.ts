/**
 * The functions of the attribute-mapping language, as `GET …/schema/functions` lists them, and how each evaluates
 * for parseExpression. Every value is multi-valued (`string[]`; empty for null), as the service's are.
 */
import type { AttributeMappingFunctionSchema, AttributeType } from "@graphsync/types";
import { formatDate, parseDate } from "./dates.js";
import { EvaluationError } from "./evaluation-error.js";

export type Values = string[];
export interface EvalContext {
  now: number;
  random: () => number;
}
export interface ParamDef {
  name: string;
  type: AttributeType;
  required: boolean;
  allowMultipleOccurrences: boolean;
}
export interface FunctionDef {
  name: string;
  params: ParamDef[];
  evaluate: (args: Values[], ctx: EvalContext) => Values;
}

const one = (v: Values | undefined): string => v?.[0] ?? "";
const int = (v: Values | undefined, what: string): number => {
  const n = Number(one(v));
  if (!Number.isInteger(n)) throw new EvaluationError(`${what} must be an integer, not '${one(v)}'.`);
  return n;
};
const bool = (v: Values | undefined): boolean => /^(true|1)$/i.test(one(v));
const text = (s: string): Values => (s === "" ? [] : [s]);
const each = (v: Values, fn: (s: string) => string): Values => v.map(fn);
const B = (b: boolean): Values => [b ? "True" : "False"];

/** `"source:String, suffix:String"`: `?` after a type marks it optional, `*` repeatable (the last ones only). */
function f(name: string, params: string, evaluate: FunctionDef["evaluate"]): FunctionDef {
  const defs = params
    ? params.split(",").map((spec) => {
        const [param = "", type = "String"] = spec.trim().split(":");
        return {
          name: param,
          type: type.replace(/[?*]/g, "") as AttributeType,
          required: !type.includes("?"),
          allowMultipleOccurrences: type.includes("*"),
        };
      })
    : [];
  return { name, params: defs, evaluate };
}

function switchOf([source, fallback, ...pairs]: Values[]): Values {
  for (let i = 0; i + 1 < pairs.length; i += 2) if (one(pairs[i]) === one(source)) return pairs[i + 1] ?? [];
  return fallback ?? [];
}

function replaceOf([source = [], old, pattern, group, replacement, replacementAttribute]: Values[]): Values {
  const by = one(replacementAttribute) || one(replacement);
  if (one(old)) return each(source, (s) => s.replaceAll(one(old), by));
  if (!one(pattern)) return source;
  let regex: RegExp;
  try {
    regex = new RegExp(one(pattern), "g");
  } catch {
    throw new EvaluationError(`regexPattern '${one(pattern)}' is not a valid regular expression.`);
  }
  const name = one(group);
  return each(source, (s) =>
    s.replace(regex, (match, ...rest) => {
      const groups = rest.at(-1) as Record<string, string> | undefined;
      const part = name && typeof groups === "object" ? groups?.[name] : undefined;
      return part === undefined ? by : match.replace(part, by);
    }),
  );
}

function dateAdd([interval, amount, date]: Values[]): Values {
  const d = parseDate(one(date));
  const n = int(amount, "value");
  const unit = one(interval).toLowerCase();
  const add: Record<string, () => void> = {
    yyyy: () => d.setUTCFullYear(d.getUTCFullYear() + n),
    q: () => d.setUTCMonth(d.getUTCMonth() + 3 * n),
    m: () => d.setUTCMonth(d.getUTCMonth() + n),
    d: () => d.setUTCDate(d.getUTCDate() + n),
    h: () => d.setUTCHours(d.getUTCHours() + n),
    n: () => d.setUTCMinutes(d.getUTCMinutes() + n),
    s: () => d.setUTCSeconds(d.getUTCSeconds() + n),
  };
  const apply = add[unit];
  if (!apply) throw new EvaluationError(`interval '${one(interval)}' is not one of yyyy, q, m, d, h, n, s.`);
  apply();
  return [d.toISOString()];
}

function randomString([length, numbers, specials, capitals, lowers, avoid]: Values[], ctx: EvalContext): Values {
  const pick = (set: string) => {
    const usable = [...set].filter((c) => !one(avoid).includes(c));
    return usable[Math.floor(ctx.random() * usable.length)] ?? "";
  };
  const sets = ["0123456789", "!@#$%^&*-_", "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnopqrstuvwxyz"];
  const counts = [numbers, specials, capitals, lowers].map((v) => int(v, "a minimum"));
  const chars = counts.flatMap((n, i) => Array.from({ length: n }, () => pick(sets[i] ?? "")));
  while (chars.length < int(length, "Length")) chars.push(pick(sets.join("")));
  return [chars.join("")];
}

const FILETIME_EPOCH_MS = 11_644_473_600_000;

/** A version-4 GUID from the emulator's (seedable) random source. */
function guid(ctx: EvalContext): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(ctx.random() * 16).toString(16)).join("");
  const variant = ((Number.parseInt(hex[16] ?? "0", 16) & 3) | 8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

export const FUNCTIONS: readonly FunctionDef[] = [
  f("Append", "source:String, suffix:String", ([s, x]) => [one(s) + one(x)]),
  f("AppRoleAssignmentsComplex", "source:String", ([s = []]) => s),
  f("BitAnd", "value1:Integer, value2:Integer", ([a, b]) => [String(int(a, "value1") & int(b, "value2"))]),
  f("CBool", "Expression:String", ([v]) => B(bool(v) || (Number(one(v)) !== 0 && !Number.isNaN(Number(one(v)))))),
  f("CDate", "Expression:String", ([v]) => [parseDate(one(v)).toISOString()]),
  f("Coalesce", "source:String, defaultValue:String*", (args) => args.find((v) => v.length > 0) ?? []),
  f("ConvertToBase64", "source:String", ([s = []]) => each(s, (x) => Buffer.from(x, "utf16le").toString("base64"))),
  f("ConvertToUTF8Hex", "source:String", ([s = []]) => each(s, (x) => Buffer.from(x, "utf8").toString("hex"))),
  f("Count", "attribute:String", ([s = []]) => [String(s.length)]),
  f("CStr", "value:String", ([s]) => text(one(s))),
  f("DateAdd", "interval:String, value:Integer, dateTime:DateTime", dateAdd),
  f("DateFromNum", "value:Integer", ([v]) => [new Date(int(v, "value") / 10_000 - FILETIME_EPOCH_MS).toISOString()]),
  f("FormatDateTime", "source:DateTime, dateTimeStyles:String?, inputFormat:String, outputFormat:String", (args) => {
    const [s, , input, output] = args.length === 3 ? [args[0], [], args[1], args[2]] : args;
    return one(s) ? [formatDate(parseDate(one(s), one(input)), one(output))] : [];
  }),
  f("Guid", "", (_, ctx) => [guid(ctx)]),
  f("IgnoreFlowIfNullOrEmpty", "expression:String", ([v = []]) => v.filter((x) => x !== "")),
  f("IIF", "condition:Boolean, valueIfTrue:String, valueIfFalse:String", ([c, t = [], e = []]) => (bool(c) ? t : e)),
  f("InStr", "value1:String, value2:String, start:Integer?, compareType:String?", ([a, b, start, type]) => {
    const cased = one(type).toLowerCase() === "textcompare";
    const [x, y] = cased ? [one(a).toLowerCase(), one(b).toLowerCase()] : [one(a), one(b)];
    return [String(x.indexOf(y, (start?.length ? int(start, "start") : 1) - 1) + 1)];
  }),
  f("IsNull", "Expression:String", ([v = []]) => B(v.length === 0)),
  f("IsNullOrEmpty", "Expression:String", ([v = []]) => B(v.every((x) => x === ""))),
  f("IsPresent", "Expression:String", ([v = []]) => B(v.some((x) => x !== ""))),
  f("IsString", "Expression:String", ([v = []]) => B(v.length > 0 && Number.isNaN(Number(one(v))))),
  f("Item", "attribute:String, index:Integer", ([s = [], i]) => text(s[int(i, "index") - 1] ?? "")),
  f("Join", "separator:String, source:String*", ([sep, ...sources]) =>
    text(sources.flat().filter(Boolean).join(one(sep))),
  ),
  f("Left", "String:String, NumChars:Integer", ([s, n]) => text(one(s).slice(0, Math.max(0, int(n, "NumChars"))))),
  f("Mid", "source:String, start:Integer, length:Integer", ([s, start, n]) => {
    const from = int(start, "start") - 1;
    return text(one(s).slice(from, from + int(n, "length")));
  }),
  f("NormalizeDiacritics", "source:String", ([s = []]) => each(s, (x) => x.normalize("NFD").replace(/\p{M}/gu, ""))),
  f("Not", "source:Boolean", ([v]) => B(!bool(v))),
  f("Now", "", (_, ctx) => [new Date(ctx.now).toISOString()]),
  f("NumFromDate", "value:DateTime", ([v]) => [String((parseDate(one(v)).getTime() + FILETIME_EPOCH_MS) * 10_000)]),
  f("PCase", "source:String, wordSeparators:String?", ([s = [], seps]) => {
    const split = new RegExp(`([${(one(seps) || " ,.-_").replace(/[\\\]^-]/g, "\\$&")}])`);
    return each(s, (x) =>
      x
        .split(split)
        .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
        .join(""),
    );
  }),
  f(
    "RandomString",
    "Length:Integer, MinimumNumbers:Integer, MinimumSpecialCharacters:Integer, MinimumCapital:Integer, MinimumLowerCase:Integer, CharactersToAvoid:String?",
    randomString,
  ),
  f("RemoveDuplicates", "attribute:String", ([s = []]) => [...new Set(s)]),
  f(
    "Replace",
    "source:String, oldValue:String?, regexPattern:String?, regexGroupName:String?, replacementValue:String?, replacementAttributeName:String?, template:String?",
    replaceOf,
  ),
  f("SelectUniqueValue", "uniqueValueRule:String*", (args) => args.find((v) => v.length > 0) ?? []),
  f("SingleAppRoleAssignment", "appRoleAssignments:String", ([s = []]) => s.slice(0, 1)),
  f("Split", "source:String, delimiter:String", ([s = [], d]) => s.flatMap((x) => x.split(one(d) || ","))),
  f("StripSpaces", "source:String", ([s = []]) => each(s, (x) => x.replace(/\s+/g, ""))),
  f("Switch", "source:String, defaultValue:String, key:String*, value:String*", switchOf),
  f("ToLower", "source:String, culture:String?", ([s = []]) => each(s, (x) => x.toLowerCase())),
  f("ToUpper", "source:String, culture:String?", ([s = []]) => each(s, (x) => x.toUpperCase())),
  f("Word", "String:String, WordNumber:Integer, Delimiters:String", ([s, n, d]) => {
    const words = one(s)
      .split(new RegExp(`[${one(d).replace(/[\\\]^-]/g, "\\$&") || " "}]+`))
      .filter(Boolean);
    return text(words[int(n, "WordNumber") - 1] ?? "");
  }),
];

/** What `GET …/schema/functions` answers. */
export function functionSchemas(): AttributeMappingFunctionSchema[] {
  return FUNCTIONS.map((fn) => ({
    id: fn.name,
    parameters: fn.params.map(({ name, type, required, allowMultipleOccurrences }) => ({
      allowMultipleOccurrences,
      name,
      required,
      type,
    })),
  }));
}
