/**
 * Input without `--map`: a CSV column whose header is a SCIM attribute path maps itself (`name.givenName`,
 * `emails[type eq "work"].value`, `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department`), and a
 * JSON record is a SCIM User already, checked attribute by attribute.
 */
import { quote } from "../suggest.js";
import { withSchemas } from "./apply.js";
import { compileMapping, type Mapping } from "./mapping.js";
import {
  type AttrDef,
  attributesOf,
  CORE,
  canonical,
  didYouMean,
  isUrn,
  missingRequired,
  parseBoolean,
  typeProblem,
} from "./scim-schema.js";

const FILTERED = /^([A-Za-z]\w*)\[type eq "([^"]*)"\]\.([A-Za-z$]\w*)$/;

/** The steps of a header: the extension URN (when any) and the attribute names, split at dots. */
function stepsOf(header: string): string[] {
  if (isUrn(header)) {
    const colon = header.lastIndexOf(":");
    return [header.slice(0, colon), ...header.slice(colon + 1).split(".")];
  }
  return header.split(".");
}

/** The mapping a CSV header stands for, or the problems of the columns that are not SCIM attribute paths. */
export function mappingFromHeader(header: readonly string[]): Mapping | { problems: string[] } {
  const doc: Record<string, unknown> = {};
  for (const column of header) {
    const filtered = FILTERED.exec(column);
    if (filtered) {
      const [, attribute, type, sub] = filtered as unknown as [string, string, string, string];
      const list = Array.isArray(doc[attribute]) ? (doc[attribute] as Record<string, unknown>[]) : [];
      doc[attribute] = list;
      let entry = list.find((item) => (item.type as { $const?: string } | undefined)?.$const === type);
      if (!entry) {
        entry = { type: { $const: type } };
        list.push(entry);
      }
      entry[sub] = column;
      continue;
    }
    const steps = stepsOf(column);
    let at = doc;
    for (const step of steps.slice(0, -1)) {
      const next = at[step];
      const child =
        typeof next === "object" && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
      at[step] = child;
      at = child;
    }
    at[steps.at(-1) as string] = column;
  }
  const compiled = compileMapping(doc);
  if (!("problems" in compiled)) return compiled;
  return {
    problems: compiled.problems.map(
      (problem) =>
        `${problem.message.replace(/^unknown SCIM attribute/, "a column is not a SCIM attribute path:")} (at ${problem.where.replace(/^\$\.?/, "") || "the header"})`,
    ),
  };
}

/** Checks a JSON record against the SCIM attributes; returns it with canonical names and its `schemas`. */
export function checkJsonUser(record: Record<string, unknown>): { user: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const user: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "schemas") continue;
    if (isUrn(key)) {
      const defs = attributesOf(key);
      if (defs === CORE) {
        problems.push(`write core attributes at the top level, not under ${quote(key)}`);
        continue;
      }
      const checked = defs
        ? checkValue(value, { type: "complex", sub: defs }, key, problems, false)
        : checkValue(value, { type: "complex" }, key, problems, true);
      if (checked !== undefined) user[key] = checked;
      continue;
    }
    const name = canonical(key, CORE);
    if (name === undefined) {
      const guess = didYouMean(key, CORE);
      problems.push(`unknown SCIM attribute ${quote(key)}${guess ? ` (did you mean ${quote(guess)}?)` : ""}`);
      continue;
    }
    const checked = checkValue(value, CORE[name] as AttrDef, name, problems, false);
    if (checked !== undefined) user[name] = checked;
  }
  return { user: withSchemas(user), problems };
}

function checkValue(value: unknown, def: AttrDef, at: string, problems: string[], custom: boolean): unknown {
  if (value === null || value === undefined || value === "") return undefined;
  if (custom) {
    if (typeof value === "object" && !Array.isArray(value)) return value;
    problems.push(
      `${at}: a custom extension is an object of its attributes, got ${Array.isArray(value) ? "an array" : typeof value}`,
    );
    return undefined;
  }
  if (def.multi) {
    if (!Array.isArray(value)) {
      problems.push(`${at}: is multi-valued: give an array, got ${typeof value}`);
      return undefined;
    }
    return value.map((item, i) => checkValue(item, { ...def, multi: false }, `${at}[${i}]`, problems, false));
  }
  if (def.type === "boolean" && typeof value === "string" && parseBoolean(value) !== undefined)
    return parseBoolean(value);
  const wrong = typeProblem(value, def);
  if (wrong) {
    problems.push(
      `${at}: takes ${wrong}, got ${Array.isArray(value) ? "an array" : `${typeof value} ${quote(JSON.stringify(value))}`}`,
    );
    return undefined;
  }
  if (def.type !== "complex") return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of Object.entries(value as Record<string, unknown>)) {
    const name = def.sub ? canonical(key, def.sub) : key;
    if (name === undefined) {
      problems.push(`${at}: unknown attribute ${quote(key)}; allowed: ${Object.keys(def.sub ?? {}).join(", ")}`);
      continue;
    }
    const checked = checkValue(sub, def.sub?.[name] ?? { type: "string" }, `${at}.${name}`, problems, false);
    if (checked !== undefined) out[name] = checked;
  }
  for (const name of missingRequired(out, def)) problems.push(`${at}: has no ${name} (an entry needs one)`);
  return out;
}
