/**
 * `$filter` on the service principal list: `appId eq '…'` or `displayName eq '…'`, the lookups graphsync makes.
 * Anything else is refused as Graph refuses a clause it does not support on a property.
 */
import { GraphHttpError } from "../errors.js";

export interface Equality {
  property: "appId" | "displayName";
  value: string;
}

const CLAUSE = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i;
const PROPERTIES = ["appId", "displayName"] as const;

/** The one equality `$filter` holds, or undefined without one. @throws {GraphHttpError} 400 for anything else. */
export function parseEquality(filter: string | undefined): Equality | undefined {
  if (filter === undefined) return undefined;
  const match = CLAUSE.exec(filter);
  const property = PROPERTIES.find((name) => name.toLowerCase() === match?.[1]?.toLowerCase());
  if (!match || !property) {
    throw new GraphHttpError({
      status: 400,
      code: "Request_UnsupportedQuery",
      message: `Unsupported or invalid query filter clause specified for resource 'ServicePrincipal': '${filter.slice(0, 200)}' (the emulator supports appId eq '…' and displayName eq '…').`,
      target: "$filter",
    });
  }
  return { property, value: (match[2] as string).replaceAll("''", "'") };
}

/** Whether `candidate` passes the filter: directory string comparisons ignore case. */
export function matches(candidate: Record<Equality["property"], string | null>, filter: Equality | undefined): boolean {
  if (!filter) return true;
  const value = candidate[filter.property];
  return typeof value === "string" && value.toLowerCase() === filter.value.toLowerCase();
}
