/**
 * `--map`: an attribute mapping in the shape of Microsoft's CSV2SCIM sample, compiled once into a tree that turns
 * each input record into a SCIM User. A string is a column; an object is a nested attribute; an array is a
 * multi-valued attribute; `{"$const": v}`, `{"$column": "C", "$equals": "v"}`, `{"$column": "C", "$map": {...}}` and
 * `{"$template": "{First}.{Last}"}` compute a value. Every mistake is reported at once, each with its JSON path and
 * what is allowed there.
 */
import { quote } from "../suggest.js";
import {
  type AttrDef,
  attributesOf,
  CORE,
  CORE_SCHEMA,
  canonical,
  didYouMean,
  isUrn,
  typeProblem,
} from "./scim-schema.js";

interface Base {
  /** The JSON path in the mapping, e.g. `$.name.givenName`. */
  where: string;
  /** The attribute path in the user, e.g. `name.givenName`. */
  attribute: string;
  /** The attribute's definition; undefined in a custom extension (any type). */
  def: AttrDef | undefined;
}

export type MapNode =
  | (Base & { kind: "column"; column: string })
  | (Base & { kind: "const"; value: unknown })
  | (Base & { kind: "equals"; column: string; equals: string })
  | (Base & { kind: "map"; column: string; map: Readonly<Record<string, unknown>>; fallback?: unknown })
  | (Base & { kind: "template"; parts: readonly (string | { column: string })[] })
  | (Base & { kind: "object"; fields: readonly (readonly [string, MapNode])[] })
  | (Base & { kind: "array"; items: readonly MapNode[] });

export interface Mapping {
  root: MapNode & { kind: "object" };
  /** Every column the mapping reads. */
  columns: ReadonlySet<string>;
}

/** One problem of a mapping: where, and what is wrong or allowed. */
export interface MappingProblem {
  where: string;
  message: string;
}

const DIRECTIVES = ["$const", "$column", "$equals", "$map", "$default", "$template"];

class Compiler {
  readonly problems: MappingProblem[] = [];
  readonly columns = new Set<string>();

  problem(where: string, message: string): undefined {
    this.problems.push({ where, message });
    return undefined;
  }

  root(json: unknown): (MapNode & { kind: "object" }) | undefined {
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return this.problem("$", "the mapping must be a JSON object of SCIM attributes (and extension URNs)");
    }
    const fields: [string, MapNode][] = [];
    for (const [key, value] of Object.entries(json)) {
      const where = `$${pathPart(key)}`;
      if (isUrn(key)) {
        const defs = attributesOf(key);
        const urn = defs === attributesOf(CORE_SCHEMA) ? undefined : key;
        if (urn === undefined) {
          this.problem(where, `write core attributes at the top level, not under ${quote(key)}`);
          continue;
        }
        const node = this.object(value, where, key, defs && { type: "complex", sub: defs }, true);
        if (node) fields.push([key, node]);
        continue;
      }
      const name = this.attribute(key, CORE, where);
      if (name === undefined) continue;
      const node = this.value(value, where, name, CORE[name]);
      if (node) fields.push([name, node]);
    }
    if (!fields.some(([name]) => name === "externalId")) {
      this.problem("$", "the mapping has no externalId (it is how the job matches each record to a user)");
    }
    return { kind: "object", fields, where: "$", attribute: "", def: undefined };
  }

  attribute(key: string, defs: Readonly<Record<string, AttrDef>>, where: string): string | undefined {
    const name = canonical(key, defs);
    if (name !== undefined) return name;
    const guess = didYouMean(key, defs);
    return this.problem(
      where,
      `unknown SCIM attribute ${quote(key)}${guess ? ` (did you mean ${quote(guess)}?)` : ""}; allowed: ${Object.keys(defs).join(", ")}, or an extension URN`,
    );
  }

  value(json: unknown, where: string, attribute: string, def: AttrDef | undefined): MapNode | undefined {
    const base = { where, attribute, def };
    if (typeof json === "string") {
      if (def?.type === "complex" && !def.multi && def.sub?.value) {
        // "manager": "ManagerId" is the manager's id: the value of the reference.
        return this.object({ value: json }, where, attribute, def, false);
      }
      if (def?.type === "complex") {
        return this.problem(
          where,
          `${attribute} has sub-attributes: give ${def.multi ? "an array of objects" : "an object"} of them, not a column`,
        );
      }
      if (json === "") return this.problem(where, "a column name cannot be empty");
      this.columns.add(json);
      return { ...base, kind: "column", column: json };
    }
    if (Array.isArray(json)) return this.array(json, base);
    if (typeof json === "object" && json !== null) {
      if (Object.keys(json).some((key) => key.startsWith("$")))
        return this.directive(json as Record<string, unknown>, base);
      if (def !== undefined && (def.type !== "complex" || def.multi)) {
        const expected = def.multi ? "an array (it is multi-valued)" : "a column name or a $ directive";
        return this.problem(where, `${attribute} is not an object attribute: give ${expected}`);
      }
      return this.object(json, where, attribute, def, false);
    }
    return this.problem(
      where,
      `got ${json === null ? "null" : typeof json}; a value is a column name (string), an object, an array, or one of ${DIRECTIVES.filter((d) => d !== "$default" && d !== "$equals").join(", ")}`,
    );
  }

  object(
    json: unknown,
    where: string,
    attribute: string,
    def: AttrDef | undefined,
    extension: boolean,
  ): (MapNode & { kind: "object" }) | undefined {
    const defs = def?.sub;
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      return this.problem(where, `${extension ? "an extension" : attribute} must be an object of its attributes`);
    }
    const fields: [string, MapNode][] = [];
    for (const [key, value] of Object.entries(json)) {
      const at = `${where}${pathPart(key)}`;
      const name = defs ? this.attribute(key, defs, at) : key;
      if (name === undefined) continue;
      const node = this.value(value, at, extension ? name : `${attribute}.${name}`, defs?.[name]);
      if (node) fields.push([name, node]);
    }
    return { kind: "object", fields, where, attribute, def };
  }

  array(json: readonly unknown[], base: Base): MapNode | undefined {
    const { def, where, attribute } = base;
    if (def !== undefined && !def.multi) {
      return this.problem(where, `${attribute} is single-valued: give a column name, an object or a $ directive`);
    }
    const item: AttrDef | undefined = def && { ...def, multi: false };
    const items: MapNode[] = [];
    json.forEach((element, i) => {
      const at = `${where}[${i}]`;
      // A column alone in an array is the value of one entry: ["WorkEmail"] = [{"value": "WorkEmail"}].
      const node =
        typeof element === "string" && item?.sub?.value
          ? this.object({ value: element }, at, attribute, item, false)
          : this.value(element, at, attribute, item);
      if (node) items.push(node);
    });
    return { ...base, kind: "array", items };
  }

  directive(json: Record<string, unknown>, base: Base): MapNode | undefined {
    const { where, attribute, def } = base;
    const unknown = Object.keys(json).filter((key) => !DIRECTIVES.includes(key));
    if (unknown.length > 0) {
      return this.problem(
        where,
        `unknown directive ${unknown.map((k) => quote(k)).join(", ")}; allowed: ${DIRECTIVES.join(", ")}`,
      );
    }
    const fits = (value: unknown, at: string) => {
      const wrong = def && def.type !== "complex" ? typeProblem(value, def) : undefined;
      return wrong ? (this.problem(at, `${attribute} takes ${wrong}, got ${JSON.stringify(value)}`) ?? false) : true;
    };
    if ("$const" in json) {
      if (Object.keys(json).length > 1) return this.problem(where, "$const stands alone (no other $ key beside it)");
      return fits(json.$const, `${where}.$const`) ? { ...base, kind: "const", value: json.$const } : undefined;
    }
    if ("$template" in json) return this.template(json, base);
    const column = json.$column;
    if (typeof column !== "string" || column === "") {
      return this.problem(where, "give $const, $template, or $column (a column name) with $equals or $map");
    }
    this.columns.add(column);
    if ("$equals" in json) {
      if (typeof json.$equals !== "string") return this.problem(`${where}.$equals`, "$equals takes a string");
      if (def && def.type !== "boolean")
        return this.problem(
          where,
          `$equals makes a boolean, but ${attribute} takes ${typeProblem(true, def)?.slice(2) ?? "something else"}`,
        );
      return { ...base, kind: "equals", column, equals: json.$equals };
    }
    if ("$map" in json) {
      const map = json.$map;
      if (typeof map !== "object" || map === null || Array.isArray(map)) {
        return this.problem(`${where}.$map`, '$map takes an object of "input value": output value');
      }
      const ok = Object.entries(map).every(([key, value]) => fits(value, `${where}.$map${pathPart(key)}`));
      if ("$default" in json && !fits(json.$default, `${where}.$default`)) return undefined;
      if (!ok) return undefined;
      return { ...base, kind: "map", column, map: map as Record<string, unknown>, fallback: json.$default };
    }
    return { ...base, kind: "column", column };
  }

  template(json: Record<string, unknown>, base: Base): MapNode | undefined {
    const { where, attribute, def } = base;
    const text = json.$template;
    if (typeof text !== "string" || text === "")
      return this.problem(`${where}.$template`, '$template takes a non-empty string such as "{FirstName}.{LastName}"');
    if (def && def.type !== "string")
      return this.problem(where, `$template makes a string, but ${attribute} takes ${typeProblem("", def)?.slice(2)}`);
    const parts: (string | { column: string })[] = [];
    const pattern = /\{([^{}]+)\}/g;
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      if (match.index > last) parts.push(text.slice(last, match.index));
      const column = (match[1] as string).trim();
      this.columns.add(column);
      parts.push({ column });
      last = match.index + match[0].length;
    }
    if (last < text.length) parts.push(text.slice(last));
    if (!parts.some((part) => typeof part !== "string"))
      return this.problem(`${where}.$template`, "the template names no {Column}");
    return { ...base, kind: "template", parts };
  }
}

/** `.name` or `["urn:...:User"]` for a JSON path. */
function pathPart(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Compiles a mapping document; returns its problems instead when there are any. */
export function compileMapping(json: unknown): Mapping | { problems: MappingProblem[] } {
  const compiler = new Compiler();
  const root = compiler.root(json);
  if (compiler.problems.length > 0 || root === undefined) return { problems: compiler.problems };
  return { root, columns: compiler.columns };
}
