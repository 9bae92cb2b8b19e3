/**
 * The SCIM User attributes API-driven inbound provisioning reads (RFC 7643 core, the enterprise extension), as the
 * spec's scimUser describes them, with the type of each, so a mapping or a record naming an attribute that does not exist, or giving it a value of the wrong
 * type, is refused before anything is sent. Custom extensions (any other `urn:` schema) are accepted as they are:
 * their attributes are whatever the job's schema says.
 */
import { suggest } from "../suggest.js";

export type AttrType = "string" | "boolean" | "complex";

export interface AttrDef {
  type: AttrType;
  multi?: boolean;
  sub?: Readonly<Record<string, AttrDef>>;
  /** Sub-attributes an entry must have (`value` of an email, of the manager). */
  required?: readonly string[];
}

export const CORE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

const S: AttrDef = { type: "string" };
const B: AttrDef = { type: "boolean" };
const complex = (
  names: readonly string[],
  { multi = false, booleans = [], required = [] }: { multi?: boolean; booleans?: string[]; required?: string[] } = {},
): AttrDef => ({
  type: "complex",
  multi,
  sub: Object.fromEntries([...names.map((n) => [n, S] as const), ...booleans.map((n) => [n, B] as const)]),
  required,
});
/** emails and phoneNumbers (the spec's scimMultiValued): a value is required. */
const MULTI_VALUED = complex(["value", "type", "display"], { multi: true, booleans: ["primary"], required: ["value"] });

export const CORE: Readonly<Record<string, AttrDef>> = {
  externalId: S,
  userName: S,
  name: complex(["formatted", "familyName", "givenName", "middleName", "honorificPrefix", "honorificSuffix"]),
  displayName: S,
  nickName: S,
  profileUrl: S,
  title: S,
  userType: S,
  preferredLanguage: S,
  locale: S,
  timezone: S,
  active: B,
  emails: MULTI_VALUED,
  phoneNumbers: MULTI_VALUED,
  addresses: complex(["type", "formatted", "streetAddress", "locality", "region", "postalCode", "country"], {
    multi: true,
    booleans: ["primary"],
  }),
};

export const ENTERPRISE: Readonly<Record<string, AttrDef>> = {
  employeeNumber: S,
  costCenter: S,
  organization: S,
  division: S,
  department: S,
  manager: complex(["value", "displayName", "$ref"], { required: ["value"] }),
};

/** The attributes of a schema URN: known for core and enterprise, undefined (anything goes) for a custom one. */
export function attributesOf(urn: string): Readonly<Record<string, AttrDef>> | undefined {
  const lower = urn.toLowerCase();
  if (lower === CORE_SCHEMA.toLowerCase()) return CORE;
  if (lower === ENTERPRISE_SCHEMA.toLowerCase()) return ENTERPRISE;
  return undefined;
}

export function isUrn(name: string): boolean {
  return /^urn:[^:]+:/i.test(name);
}

/** The canonical spelling of `name` among `defs` (SCIM attribute names are case-insensitive), or undefined. */
export function canonical(name: string, defs: Readonly<Record<string, AttrDef>>): string | undefined {
  if (name in defs) return name;
  const lower = name.toLowerCase();
  return Object.keys(defs).find((key) => key.toLowerCase() === lower);
}

/** "did you mean X?" among the attributes, their dotted sub-attributes included. */
export function didYouMean(name: string, defs: Readonly<Record<string, AttrDef>>): string | undefined {
  const candidates: string[] = [];
  for (const [key, def] of Object.entries(defs)) {
    candidates.push(key);
    for (const sub of Object.keys(def.sub ?? {})) candidates.push(`${key}.${sub}`, sub);
  }
  const guess = suggest(name, candidates);
  if (guess === undefined) return undefined;
  // A bare sub-attribute ("givenName") is shown with its parent ("name.givenName").
  if (guess in defs || guess.includes(".")) return guess;
  const parent = Object.entries(defs).find(([, def]) => def.sub && guess in def.sub)?.[0];
  return parent ? `${parent}.${guess}` : guess;
}

/** Whether `value` fits `def` (a CSV cell is a string: booleans are written true/false). */
export function typeProblem(value: unknown, def: AttrDef | undefined): string | undefined {
  if (def === undefined) {
    const ok = ["string", "boolean", "number"].includes(typeof value) || (typeof value === "object" && value !== null);
    return ok ? undefined : "a string, number, boolean or object";
  }
  if (def.type === "string") return typeof value === "string" ? undefined : "a string";
  if (def.type === "boolean") return typeof value === "boolean" ? undefined : "a boolean (true or false)";
  return typeof value === "object" && value !== null && !Array.isArray(value) ? undefined : "an object";
}

/** A CSV cell for a boolean attribute: true/false in any case, and nothing else. */
export function parseBoolean(text: string): boolean | undefined {
  const lower = text.trim().toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

/** The required sub-attributes an entry lacks. */
export function missingRequired(value: Record<string, unknown>, def: AttrDef | undefined): string[] {
  return (def?.required ?? []).filter((name) => value[name] === undefined);
}
