/** `$select` on the job GETs: only the chosen properties (and the key, `id`), named in `@odata.context`. */
import { GraphHttpError } from "../errors.js";
import { componentProperties } from "../spec.js";

const JOB_PROPERTIES = componentProperties("synchronizationJob");

/** The selected properties in the spec's spelling, or undefined for none or `*` (everything). */
export function parseSelect(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(",").map((name) => name.trim());
  if (names.includes("*")) return undefined;
  const selected: string[] = [];
  for (const name of names) {
    const known = JOB_PROPERTIES.find((property) => property.toLowerCase() === name.toLowerCase());
    if (!known) {
      const what = name === "" ? "an empty property name" : `'${name.slice(0, 100)}'`;
      throw GraphHttpError.badRequest(
        `Invalid $select: ${what} is not a property of microsoft.graph.synchronizationJob (use ${JOB_PROPERTIES.join(", ")}, separated by commas, or *).`,
        "$select",
      );
    }
    if (!selected.includes(known)) selected.push(known);
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
