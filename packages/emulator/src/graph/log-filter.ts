/**
 * `$filter` on the provisioning logs, the subset the service documents: `eq` on ids, action and status;
 * `eq`/`gt`/`lt`/`ge`/`le` on activityDateTime (an unquoted date-time); `contains(property, '…')`; `and`, `or`,
 * parentheses. Names and values are case-sensitive, as the service's are. Anything else is a 400 naming it.
 */
import { GraphHttpError } from "../errors.js";

type Entry = Record<string, unknown>;
export type LogPredicate = (entry: Entry) => boolean;

/** The properties `eq` and `contains` compare (case-sensitive paths, as the service spells them). */
export const TEXT_PROPERTIES = [
  "id",
  "jobId",
  "cycleId",
  "changeId",
  "tenantId",
  "provisioningAction",
  "provisioningStatusInfo/status",
  "servicePrincipal/id",
  "servicePrincipal/displayName",
  "sourceIdentity/id",
  "sourceIdentity/displayName",
  "targetIdentity/id",
  "targetIdentity/displayName",
] as const;
const TIME = "activityDateTime";
const COMPARE = { eq: 0, gt: 1, lt: 2, ge: 3, le: 4 } as const;
type Operator = keyof typeof COMPARE;

const TOKEN = /\s*(?:(\()|(\))|(,)|'((?:[^']|'')*)'|([A-Za-z][\w/]*|[0-9][\w:.+-]*))/y;
type Token = { kind: "(" | ")" | "," | "string" | "word"; text: string };

function unsupported(filter: string, what: string): GraphHttpError {
  return GraphHttpError.badRequest(
    `Invalid $filter '${filter.slice(0, 200)}': ${what}. The emulator supports eq on ${TEXT_PROPERTIES.join(", ")}; ` +
      `eq, gt, lt, ge, le on ${TIME}; contains(property, '…'); and, or, parentheses.`,
    "$filter",
  );
}

function tokenize(filter: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < filter.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(filter);
    if (!m) {
      if (!filter.slice(at).trim()) break;
      throw unsupported(filter, `unexpected '${filter.slice(at, at + 20).trim()}'`);
    }
    if (m[1] || m[2] || m[3]) tokens.push({ kind: (m[1] ?? m[2] ?? m[3]) as "(" | ")" | ",", text: m[0].trim() });
    else if (m[4] !== undefined) tokens.push({ kind: "string", text: m[4].replaceAll("''", "'") });
    else tokens.push({ kind: "word", text: m[5] as string });
  }
  return tokens;
}

/** The predicate `$filter` stands for (everything passes without one). @throws {GraphHttpError} 400. */
export function parseLogFilter(filter: string | undefined): LogPredicate {
  if (filter === undefined) return () => true;
  const tokens = tokenize(filter);
  let at = 0;
  const peek = () => tokens[at];
  const next = (what: string): Token => {
    const token = tokens[at++];
    if (!token) throw unsupported(filter, `${what} expected at the end`);
    return token;
  };
  const expect = (kind: Token["kind"], what: string) => {
    const token = next(what);
    if (token.kind !== kind) throw unsupported(filter, `${what} expected, not '${token.text}'`);
    return token;
  };

  const disjunction = (): LogPredicate => {
    const parts = [conjunction()];
    while (peek()?.text === "or") {
      at++;
      parts.push(conjunction());
    }
    return parts.length === 1 ? (parts[0] as LogPredicate) : (e) => parts.some((p) => p(e));
  };
  const conjunction = (): LogPredicate => {
    const parts = [primary()];
    while (peek()?.text === "and") {
      at++;
      parts.push(primary());
    }
    return parts.length === 1 ? (parts[0] as LogPredicate) : (e) => parts.every((p) => p(e));
  };
  const primary = (): LogPredicate => {
    const token = next("a condition");
    if (token.kind === "(") {
      const inner = disjunction();
      expect(")", "')'");
      return inner;
    }
    if (token.kind !== "word") throw unsupported(filter, `a property expected, not '${token.text}'`);
    if (token.text === "contains" && peek()?.kind === "(") {
      at++;
      const property = textProperty(filter, expect("word", "a property").text);
      expect(",", "','");
      const value = expect("string", "a quoted value").text;
      expect(")", "')'");
      return (e) => String(valueAt(e, property) ?? "").includes(value);
    }
    if (peek()?.kind === "(") throw unsupported(filter, `the function '${token.text}' is not supported`);
    return comparison(token.text);
  };
  const comparison = (property: string): LogPredicate => {
    const operator = next("an operator").text;
    if (!(operator in COMPARE)) throw unsupported(filter, `the operator '${operator}' is not supported`);
    if (property === TIME) return timeComparison(filter, operator as Operator, next("a date-time"));
    textProperty(filter, property);
    if (operator !== "eq") throw unsupported(filter, `'${operator}' is not supported on ${property} (only eq)`);
    const value = expect("string", "a quoted value").text;
    return (e) => valueAt(e, property) === value;
  };

  const predicate = disjunction();
  if (at < tokens.length) throw unsupported(filter, `unexpected '${tokens[at]?.text}'`);
  return predicate;
}

function textProperty(filter: string, name: string): string {
  if ((TEXT_PROPERTIES as readonly string[]).includes(name)) return name;
  const hint = TEXT_PROPERTIES.find((p) => p.toLowerCase() === name.toLowerCase());
  throw unsupported(
    filter,
    `the property '${name}' is not supported${hint ? ` (names are case-sensitive: ${hint})` : ""}`,
  );
}

function timeComparison(filter: string, operator: Operator, token: Token): LogPredicate {
  const time = token.kind === "word" && /^\d{4}-\d{2}-\d{2}/.test(token.text) ? Date.parse(token.text) : Number.NaN;
  if (Number.isNaN(time)) throw unsupported(filter, `'${token.text}' is not a date-time (2026-11-28T10:00:00Z)`);
  const test: Record<Operator, (t: number) => boolean> = {
    eq: (t) => t === time,
    gt: (t) => t > time,
    lt: (t) => t < time,
    ge: (t) => t >= time,
    le: (t) => t <= time,
  };
  return (e) => test[operator](Date.parse(String(e[TIME])));
}

function valueAt(entry: Entry, path: string): unknown {
  let value: unknown = entry;
  for (const part of path.split("/")) value = (value as Entry | null | undefined)?.[part];
  return value;
}
