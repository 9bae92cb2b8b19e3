// Compares the spec's components with the CSDL extract they mirror. Kept apart from the test so that the test can
// also prove the comparison fails on a mutated spec (a check that cannot fail proves nothing).
import { XMLParser } from "fast-xml-parser";

export interface CsdlProperty {
  name: string;
  type: string;
  nullable: boolean;
}
export interface CsdlStructured {
  kind: "complex" | "entity";
  name: string;
  baseType?: string;
  properties: CsdlProperty[];
  /** Navigation properties: a spec component may describe one (when the service returns it), need not. */
  navigation: CsdlProperty[];
}
export interface CsdlEnum {
  kind: "enum";
  name: string;
  isFlags: boolean;
  members: string[];
}
export interface CsdlAction {
  name: string;
  parameters: CsdlProperty[];
  returnType?: string;
}
export interface Csdl {
  types: Map<string, CsdlStructured | CsdlEnum>;
  actions: Map<string, CsdlAction>;
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

type XmlNode = Record<string, unknown>;

function property(node: XmlNode): CsdlProperty {
  return {
    name: String(node["@_Name"]),
    type: String(node["@_Type"]),
    nullable: node["@_Nullable"] !== "false",
  };
}

/** The extract is a fragment of `$metadata` (no root element), so it is wrapped before parsing. */
export function parseCsdl(xml: string): Csdl {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_" });
  const root = (parser.parse(`<Root>${xml}</Root>`) as { Root: XmlNode }).Root;
  const types = new Map<string, CsdlStructured | CsdlEnum>();
  for (const e of asArray(root.EnumType as XmlNode | XmlNode[])) {
    types.set(String(e["@_Name"]), {
      kind: "enum",
      name: String(e["@_Name"]),
      isFlags: e["@_IsFlags"] === "true",
      members: asArray(e.Member as XmlNode | XmlNode[]).map((m) => String(m["@_Name"])),
    });
  }
  for (const [tag, kind] of [
    ["ComplexType", "complex"],
    ["EntityType", "entity"],
  ] as const) {
    for (const t of asArray(root[tag] as XmlNode | XmlNode[])) {
      const base = t["@_BaseType"];
      types.set(String(t["@_Name"]), {
        kind,
        name: String(t["@_Name"]),
        ...(base ? { baseType: String(base).replace(/^graph\./, "") } : {}),
        properties: asArray(t.Property as XmlNode | XmlNode[]).map(property),
        navigation: asArray(t.NavigationProperty as XmlNode | XmlNode[]).map(property),
      });
    }
  }
  const actions = new Map<string, CsdlAction>();
  for (const a of asArray(root.Action as XmlNode | XmlNode[])) {
    const ret = a.ReturnType as XmlNode | undefined;
    actions.set(String(a["@_Name"]), {
      name: String(a["@_Name"]),
      parameters: asArray(a.Parameter as XmlNode | XmlNode[])
        .map(property)
        .filter((p) => p.name !== "bindingParameter"),
      ...(ret ? { returnType: String(ret["@_Type"]) } : {}),
    });
  }
  return { types, actions };
}

// ---- the spec side ---------------------------------------------------------------------------------------

export type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  [k: string]: unknown;
};
export interface Spec {
  components: { schemas: Record<string, Schema> };
  paths: Record<string, Record<string, unknown>>;
}

/** What a property schema allows, with `anyOf` branches folded together. */
export interface Shape {
  types: Set<string>;
  formats: Set<string>;
  refs: Set<string>;
  items?: Shape;
}

export function shapeOf(schema: Schema): Shape {
  const shape: Shape = { types: new Set(), formats: new Set(), refs: new Set() };
  const visit = (s: Schema) => {
    if (s.$ref) shape.refs.add(s.$ref.replace("#/components/schemas/", ""));
    for (const t of asArray(s.type)) shape.types.add(t);
    if (s.format) shape.formats.add(s.format);
    if (s.items) shape.items = shapeOf(s.items);
    for (const branch of [...asArray(s.anyOf), ...asArray(s.oneOf)]) visit(branch);
  };
  visit(schema);
  return shape;
}

const EDM: Record<string, { type: string; format?: string }> = {
  "Edm.String": { type: "string" },
  "Edm.Boolean": { type: "boolean" },
  "Edm.Int64": { type: "integer", format: "int64" },
  "Edm.Int32": { type: "integer", format: "int32" },
  "Edm.DateTimeOffset": { type: "string", format: "date-time" },
  "Edm.Duration": { type: "string", format: "duration" },
  "Edm.Guid": { type: "string", format: "uuid" },
};

/** A flags enum is written on the wire as a comma-separated string: the spec's `<name>Flags` component. */
const refFor = (csdl: Csdl, typeName: string): string => {
  const t = csdl.types.get(typeName);
  return t?.kind === "enum" && t.isFlags ? `${typeName}Flags` : typeName;
};

function checkType(csdl: Csdl, spec: Spec, where: string, csdlType: string, shape: Shape, problems: string[]) {
  const collection = /^Collection\((.+)\)$/.exec(csdlType);
  if (collection) {
    if (!shape.types.has("array") || !shape.items) {
      problems.push(`${where}: CSDL ${csdlType} must be an array`);
      return;
    }
    checkType(csdl, spec, `${where}[]`, collection[1] as string, shape.items, problems);
    return;
  }
  const edm = EDM[csdlType];
  if (edm) {
    if (!shape.types.has(edm.type)) problems.push(`${where}: CSDL ${csdlType} must be type ${edm.type}`);
    if (edm.format && !shape.formats.has(edm.format))
      problems.push(`${where}: CSDL ${csdlType} must carry format ${edm.format}`);
    return;
  }
  const name = csdlType.replace(/^graph\./, "");
  const expected = refFor(csdl, name);
  if (!shape.refs.has(expected))
    problems.push(`${where}: CSDL ${csdlType} must reference #/components/schemas/${expected}`);
  if (expected !== name) {
    const flags = spec.components.schemas[expected];
    if (!flags || !shapeOf(flags).refs.has(name))
      problems.push(`${where}: ${expected} must reference its members ${name}`);
  }
}

/** Property names the spec may add to a mirrored type without a CSDL counterpart. */
const isAnnotation = (name: string) => name.startsWith("@odata.");

export function compare(csdl: Csdl, spec: Spec, mirrored: readonly string[]): string[] {
  const problems: string[] = [];
  for (const name of mirrored) {
    const type = csdl.types.get(name);
    const component = spec.components.schemas[name];
    if (!type) {
      problems.push(`${name}: not a type of the CSDL extract`);
      continue;
    }
    if (!component) {
      problems.push(`${name}: no component mirrors this CSDL type`);
      continue;
    }
    if (type.kind === "enum") {
      const members = (component.enum ?? []).map(String);
      if (JSON.stringify(members) !== JSON.stringify(type.members))
        problems.push(`${name}: enum members [${members.join(", ")}] differ from CSDL [${type.members.join(", ")}]`);
      continue;
    }
    const props = [...type.properties];
    if (type.baseType) {
      const base = csdl.types.get(type.baseType);
      if (base && base.kind !== "enum") props.unshift(...base.properties);
    }
    const specProps = component.properties ?? {};
    const specNames = Object.keys(specProps).filter((n) => !isAnnotation(n));
    const csdlNames = props.map((p) => p.name);
    const described = type.navigation.filter((p) => specNames.includes(p.name));
    for (const n of csdlNames)
      if (!specNames.includes(n)) problems.push(`${name}.${n}: in the CSDL, missing from the spec`);
    for (const n of specNames)
      if (!csdlNames.includes(n) && !described.some((p) => p.name === n))
        problems.push(`${name}.${n}: in the spec, not in the CSDL`);
    for (const p of [...props, ...described]) {
      const s = specProps[p.name];
      if (!s) continue;
      const shape = shapeOf(s);
      const isCollection = p.type.startsWith("Collection(");
      // OData collections are never null: absent or [].
      const nullable = p.nullable && !isCollection;
      if (nullable !== shape.types.has("null"))
        problems.push(`${name}.${p.name}: CSDL says ${nullable ? "nullable" : "not nullable"}, the spec disagrees`);
      checkType(csdl, spec, `${name}.${p.name}`, p.type, shape, problems);
    }
  }
  return problems;
}
