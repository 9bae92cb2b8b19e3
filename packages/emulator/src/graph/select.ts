/** `$select` on the GETs: only the chosen properties (and the key, `id`), named in `@odata.context`. */
import { GraphHttpError } from "../errors.js";
import { componentProperties } from "../spec.js";

/** The entities whose GETs take `$select`, by their component in the spec. */
export type Selectable = "synchronizationJob" | "servicePrincipal" | "user";

const PROPERTIES = new Map<Selectable, string[]>();
/** An entity's selectable properties, as the spec declares them (annotations are not properties). */
function propertiesOf(entity: Selectable): string[] {
  let names = PROPERTIES.get(entity);
  if (!names) {
    names = componentProperties(entity).filter((name) => !name.startsWith("@"));
    PROPERTIES.set(entity, names);
  }
  return names;
}

/** The selected properties in the spec's spelling, or undefined for none or `*` (everything). */
export function parseSelect(
  value: string | undefined,
  entity: Selectable = "synchronizationJob",
): string[] | undefined {
  if (value === undefined) return undefined;
  const known = propertiesOf(entity);
  const names = value.split(",").map((name) => name.trim());
  if (names.includes("*")) return undefined;
  const selected: string[] = [];
  for (const name of names) {
    const property = known.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (!property) {
      const what = name === "" ? "an empty property name" : `'${name.slice(0, 100)}'`;
      throw GraphHttpError.badRequest(
        `Invalid $select: ${what} is not a property of microsoft.graph.${entity} (use ${known.join(", ")}, separated by commas, or *).`,
        "$select",
      );
    }
    if (!selected.includes(property)) selected.push(property);
  }
  return selected;
}

/** The job with only the selected properties; `id` stays, as the entity's key. */
export function applySelect<T extends object>(job: T, selected: string[] | undefined): Partial<T> {
  if (!selected) return job;
  const keep = new Set(["id", ...selected]);
  return Object.fromEntries(Object.entries(job).filter(([key]) => keep.has(key))) as Partial<T>;
}

/** `jobs(status,schedule)`: how `@odata.context` names a selection. */
export function selectSuffix(selected: string[] | undefined): string {
  return selected ? `(${selected.join(",")})` : "";
}
