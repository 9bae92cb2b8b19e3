/**
 * One input record through a compiled mapping: the SCIM User it becomes, or the problems that stop it (a value of
 * the wrong type, a value the `$map` does not know). Empty cells are left out of the user, as CSV2SCIM does.
 */
import { quote } from "../suggest.js";
import type { MapNode, Mapping } from "./mapping.js";
import { CORE_SCHEMA, isUrn, missingRequired, parseBoolean, typeProblem } from "./scim-schema.js";

/** A record's value for a column (undefined when it has none). */
export type CellReader = (column: string) => unknown;

export interface Applied {
  user: Record<string, unknown>;
  problems: string[];
}

function empty(value: unknown): boolean {
  return value === undefined || value === null || value === "";
}

function describe(value: unknown): string {
  return typeof value === "string"
    ? quote(value)
    : `${Array.isArray(value) ? "an array" : typeof value} ${quote(JSON.stringify(value))}`;
}

function columnValue(node: MapNode & { kind: "column" }, cell: CellReader, problems: string[]): unknown {
  const value = cell(node.column);
  if (empty(value)) return undefined;
  const { def, attribute, column } = { ...node };
  if (def?.type === "boolean" && typeof value === "string") {
    const parsed = parseBoolean(value);
    if (parsed === undefined)
      problems.push(`${attribute}: ${quote(value)} in column ${quote(column)} is not a boolean (true or false)`);
    return parsed;
  }
  const wrong = typeProblem(value, def && def.type !== "complex" ? def : undefined);
  if (wrong || (def === undefined && typeof value === "object")) {
    problems.push(
      `${attribute}: column ${quote(column)} holds ${describe(value)}, not ${wrong ?? "a string, number or boolean"}`,
    );
    return undefined;
  }
  return value;
}

function mapValue(node: MapNode & { kind: "map" }, cell: CellReader, problems: string[]): unknown {
  const value = cell(node.column);
  if (empty(value)) return node.fallback;
  const key = String(value);
  if (Object.hasOwn(node.map, key)) return node.map[key];
  if (node.fallback !== undefined) return node.fallback;
  const known = Object.keys(node.map);
  problems.push(
    `${node.attribute}: ${quote(key)} in column ${quote(node.column)} is not in the $map (known: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", …" : ""}; add it, or a $default)`,
  );
  return undefined;
}

function evaluate(node: MapNode, cell: CellReader, problems: string[]): unknown {
  switch (node.kind) {
    case "column":
      return columnValue(node, cell, problems);
    case "const":
      return node.value;
    case "equals": {
      const value = cell(node.column);
      return !empty(value) && String(value) === node.equals;
    }
    case "map":
      return mapValue(node, cell, problems);
    case "template": {
      const values = node.parts.map((part) => (typeof part === "string" ? part : cell(part.column)));
      const columns = node.parts.filter((part) => typeof part !== "string");
      if (columns.every((part) => empty(cell(part.column)))) return undefined;
      return values.map((value) => (empty(value) ? "" : String(value))).join("");
    }
    case "object": {
      const out: Record<string, unknown> = {};
      // Constants alone do not make an entry: {"type": "work", "value": <empty>} is no email at all.
      let data = node.where === "$";
      for (const [name, child] of node.fields) {
        const value = evaluate(child, cell, problems);
        if (value === undefined) continue;
        out[name] = value;
        if (child.kind !== "const") data = true;
      }
      if (!data || Object.keys(out).length === 0) return undefined;
      for (const name of missingRequired(out, node.def)) {
        problems.push(`${node.attribute}: has no ${name} (an entry needs one; its column is empty)`);
      }
      return out;
    }
    case "array": {
      const items = node.items.map((item) => evaluate(item, cell, problems)).filter((value) => value !== undefined);
      return items.length > 0 ? items : undefined;
    }
  }
}

/** The `schemas` a user declares: the core one, then each extension it carries. */
export function withSchemas(user: Record<string, unknown>): Record<string, unknown> {
  const extensions = Object.keys(user).filter((key) => isUrn(key));
  const { schemas: _ignored, ...rest } = user;
  return { schemas: [CORE_SCHEMA, ...extensions], ...rest };
}

/** The SCIM User for one record, and what is wrong with it. */
export function applyMapping(mapping: Mapping, cell: CellReader): Applied {
  const problems: string[] = [];
  const user = (evaluate(mapping.root, cell, problems) as Record<string, unknown> | undefined) ?? {};
  return { user: withSchemas(user), problems };
}
