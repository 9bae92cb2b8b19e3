/**
 * Checks that a document is a synchronizationSchema before anything is sent: every problem at once, each naming the
 * JSON path in the document and what was expected there. Structure first (types, enum members, unknown properties
 * with a did-you-mean), then references: a rule's directories exist, and each attribute mapping targets an attribute
 * of the target object (what the service refuses with a 400 otherwise).
 */
import { quote, suggest } from "../core.js";
import { isObject } from "./canonical.js";
import { SCHEMA_SHAPE, type Shape } from "./shapes.js";

export interface SchemaProblem {
  path: string;
  message: string;
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${quote(value, 40)}`;
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

function walk(value: unknown, shape: Shape, path: string, problems: SchemaProblem[]): void {
  // The metadata's properties are nullable unless listed as required: null is "not set".
  if (value === null || value === undefined) return;
  const wrong = (expected: string) => problems.push({ path, message: `expected ${expected}, got ${typeName(value)}` });
  switch (shape.kind) {
    case "string":
      if (typeof value !== "string") wrong("a string");
      return;
    case "boolean":
      if (typeof value !== "boolean") wrong("true or false");
      return;
    case "integer":
      if (!Number.isInteger(value)) wrong("an integer");
      return;
    case "enum":
      checkEnum(value, shape, path, problems);
      return;
    case "array":
      if (!Array.isArray(value)) wrong("an array");
      else
        value.forEach((item, i) => {
          walk(item, shape.of, `${path}[${i}]`, problems);
        });
      return;
    case "object":
      if (!isObject(value)) wrong(`an object (${shape.name})`);
      else checkObject(value, shape, path, problems);
  }
}

function checkEnum(value: unknown, shape: Extract<Shape, { kind: "enum" }>, path: string, problems: SchemaProblem[]) {
  const allowed = `one of ${shape.values.join(", ")}${shape.flags ? " (several separated by commas)" : ""}`;
  if (typeof value !== "string") {
    problems.push({ path, message: `expected ${allowed}, got ${typeName(value)}` });
    return;
  }
  const members = shape.flags ? value.split(",").map((m) => m.trim()) : [value];
  for (const member of members) {
    if (shape.values.includes(member)) continue;
    const guess = suggest(member, shape.values);
    problems.push({
      path,
      message: `${quote(member)} is not allowed${guess ? ` (did you mean ${guess}?)` : ""}: expected ${allowed}`,
    });
  }
}

function checkObject(
  value: Record<string, unknown>,
  shape: Extract<Shape, { kind: "object" }>,
  path: string,
  problems: SchemaProblem[],
): void {
  const known = Object.keys(shape.props);
  for (const [name, child] of Object.entries(value)) {
    if (name.startsWith("@odata.")) continue;
    const childShape = shape.props[name];
    if (childShape) {
      walk(child, childShape, `${path}.${name}`, problems);
      continue;
    }
    const guess = suggest(name, known);
    problems.push({
      path: `${path}.${name}`,
      message: `unknown property of ${shape.name}${guess ? ` (did you mean ${guess}?)` : ""}; its properties: ${known.join(", ")}`,
    });
  }
  for (const name of shape.required ?? []) {
    if (value[name] === undefined || value[name] === null) {
      problems.push({ path: `${path}.${name}`, message: `missing: ${shape.name} needs ${name}` });
    }
  }
}

/** Every problem of the document (empty when it is a schema graphsync can send). */
export function validateSchema(document: unknown): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  if (!isObject(document)) {
    return [{ path: "$", message: `expected a synchronizationSchema object, got ${typeName(document)}` }];
  }
  walk(document, SCHEMA_SHAPE, "$", problems);
  if (problems.length === 0) problems.push(...checkReferences(document));
  return problems;
}

type Attributes = Map<string, Set<string>>;

/** directory name → object name → attribute names. */
function directoryIndex(document: Record<string, unknown>): Map<string, Attributes> {
  const index = new Map<string, Attributes>();
  for (const directory of (document.directories as Record<string, unknown>[]) ?? []) {
    const objects: Attributes = new Map();
    for (const object of (directory.objects as Record<string, unknown>[] | null) ?? []) {
      const names = ((object.attributes as Record<string, unknown>[] | null) ?? []).map((a) => String(a.name));
      objects.set(String(object.name), new Set(names));
    }
    index.set(String(directory.name), objects);
  }
  return index;
}

function checkReferences(document: Record<string, unknown>): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const index = directoryIndex(document);
  const directoryNames = [...index.keys()];
  const rules = (document.synchronizationRules as Record<string, unknown>[]) ?? [];
  rules.forEach((rule, r) => {
    const at = `$.synchronizationRules[${r}]`;
    for (const side of ["sourceDirectoryName", "targetDirectoryName"] as const) {
      const name = String(rule[side]);
      if (!index.has(name)) {
        problems.push({
          path: `${at}.${side}`,
          message: `no directory is named ${quote(name)}; the document's directories: ${directoryNames.join(", ") || "none"}`,
        });
      }
    }
    const target = index.get(String(rule.targetDirectoryName));
    if (!target) return;
    ((rule.objectMappings as Record<string, unknown>[] | null) ?? []).forEach((mapping, m) => {
      problems.push(
        ...checkMappingTargets(mapping, target, `${at}.objectMappings[${m}]`, String(rule.targetDirectoryName)),
      );
    });
  });
  return problems;
}

function checkMappingTargets(
  mapping: Record<string, unknown>,
  target: Attributes,
  at: string,
  directory: string,
): SchemaProblem[] {
  const objectName = String(mapping.targetObjectName);
  const attributes = target.get(objectName);
  if (!attributes) {
    return [
      {
        path: `${at}.targetObjectName`,
        message: `directory ${quote(directory)} has no object ${quote(objectName)}; its objects: ${[...target.keys()].join(", ") || "none"}`,
      },
    ];
  }
  const problems: SchemaProblem[] = [];
  ((mapping.attributeMappings as Record<string, unknown>[] | null) ?? []).forEach((attribute, a) => {
    const name = String(attribute.targetAttributeName);
    if (attributes.has(name)) return;
    const guess = suggest(name, [...attributes]);
    problems.push({
      path: `${at}.attributeMappings[${a}].targetAttributeName`,
      message: `${quote(name)} is not an attribute of ${quote(objectName)} in directory ${quote(directory)}${guess ? ` (did you mean ${guess}?)` : ""}`,
    });
  });
  return problems;
}
