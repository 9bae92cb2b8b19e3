/**
 * The canonical form of a synchronization schema, so that `schema pull` output is stable and diffs cleanly in git:
 * object keys sorted (code-point order, `@odata.*` annotations dropped), and arrays of named things sorted by their
 * name (below). Arrays whose order carries meaning (a function's parameters, a filter operand's values, a list of
 * strings) are kept as they are. Sorting is stable, so equal names keep the service's order.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const byKeys =
  (...keys: string[]) =>
  (item: Json): string =>
    keys.map((key) => (isObject(item) && typeof item[key] === "string" ? item[key] : "")).join("\u0000");

/** Array property → the sort key of its items. */
const SORTED: Readonly<Record<string, (item: Json) => string>> = {
  directories: byKeys("name", "id"),
  objects: byKeys("name"),
  attributes: byKeys("name"),
  synchronizationRules: byKeys("name", "id"),
  objectMappings: byKeys("name", "sourceObjectName", "targetObjectName"),
  attributeMappings: byKeys("targetAttributeName"),
  metadata: byKeys("key"),
  apiExpressions: byKeys("key"),
  referencedObjects: byKeys("referencedObjectName", "referencedProperty"),
  groups: byKeys("name"),
  categoryFilterGroups: byKeys("name"),
  inputFilterGroups: byKeys("name"),
  clauses: (item) => `${byKeys("sourceOperandName", "operatorName")(item)}\u0000${JSON.stringify(item)}`,
};

export function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A deep copy in canonical order. */
export function canonicalize(value: unknown, property?: string): Json {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonicalize(item));
    const key = property === undefined ? undefined : SORTED[property];
    return key ? items.sort((a, b) => compare(key(a), key(b))) : items;
  }
  if (isObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const name of Object.keys(value).sort(compare)) {
      if (name.startsWith("@odata.")) continue;
      out[name] = canonicalize(value[name], name);
    }
    return out;
  }
  return (value ?? null) as Json;
}

/** The canonical JSON text: two-space indent, a final newline. */
export function canonicalText(schema: unknown): string {
  return `${JSON.stringify(canonicalize(schema), null, 2)}\n`;
}

export type { Json };
