/**
 * A compact way to write realistic template schemas: attributes as `name:Type` strings, mappings as
 * `[target, expression]` with the source tree parsed from the expression (so it always matches the text).
 */
import type {
  AttributeDefinition,
  AttributeFlowType,
  AttributeMapping,
  AttributeType,
  DirectoryDefinition,
  FilterGroup,
  ObjectDefinition,
  ObjectMapping,
  SynchronizationRule,
} from "@graphsync/types";
import { uuidFrom } from "../random.js";
import { parse, toSource } from "./expression.js";

/**
 * `name`, `name:Type`, and flags after a `!`: `anchor`, `required`, `multi`, `ref=Object` (a Reference to it),
 * `ro` (ReadOnly), `case` (caseExact). Example: `manager:Reference!ref=User`.
 */
export function attr(spec: string): AttributeDefinition {
  const [head = "", flags = ""] = spec.split("!");
  const colon = head.lastIndexOf(":");
  const typed = colon > 0 && /^(String|Integer|Reference|Binary|Boolean|DateTime)$/.test(head.slice(colon + 1));
  const name = typed ? head.slice(0, colon) : head;
  const has = (flag: string) => flags.split(",").includes(flag);
  const ref = flags
    .split(",")
    .find((x) => x.startsWith("ref="))
    ?.slice(4);
  return {
    anchor: has("anchor"),
    apiExpressions: [],
    caseExact: has("case"),
    defaultValue: null,
    flowNullValues: false,
    metadata: [],
    multivalued: has("multi"),
    mutability: has("ro") ? "ReadOnly" : "ReadWrite",
    name,
    referencedObjects: ref ? [{ referencedObjectName: ref, referencedProperty: null }] : [],
    required: has("required"),
    type: (typed ? head.slice(colon + 1) : "String") as AttributeType,
  };
}

export function object(name: string, attributes: string[]): ObjectDefinition {
  return { attributes: attributes.map(attr), metadata: [], name, supportedApis: [] };
}

export function directory(template: string, name: string, objects: ObjectDefinition[]): DirectoryDefinition {
  return {
    id: uuidFrom(`directory/${template}/${name}`),
    discoverabilities: "AttributeNames, AttributeDataTypes",
    discoveryDateTime: null,
    name,
    objects,
    readOnly: false,
    version: null,
  };
}

export interface MappingOptions {
  /** Matching priority (1 = the first attribute objects are matched on). */
  match?: number;
  flowType?: AttributeFlowType;
  defaultValue?: string;
}

/** `[target, expression, options?]` as an attributeMapping. */
export function mapping([target, expression, options = {}]: [string, string, MappingOptions?]): AttributeMapping {
  return {
    defaultValue: options.defaultValue ?? null,
    exportMissingReferences: false,
    flowBehavior: "FlowWhenChanged",
    flowType: options.flowType ?? "Always",
    matchingPriority: options.match ?? 0,
    source: toSource(parse(expression)),
    targetAttributeName: target,
  };
}

/** A scoping-filter group: clauses as `[attribute, operator, ...values]`. */
export function scope(name: string, clauses: [string, string, ...string[]][]): FilterGroup {
  return {
    clauses: clauses.map(([sourceOperandName, operatorName, ...values]) => ({
      operatorName,
      sourceOperandName,
      targetOperand: { values },
    })),
    name,
  };
}

export interface ObjectMappingInput {
  name: string;
  source: string;
  target: string;
  mappings: [string, string, MappingOptions?][];
  scope?: FilterGroup[];
  flowTypes?: string;
}

export function objectMapping(input: ObjectMappingInput): ObjectMapping {
  return {
    attributeMappings: input.mappings.map(mapping),
    enabled: true,
    flowTypes: input.flowTypes ?? "Add, Update, Delete",
    metadata: [],
    name: input.name,
    scope: input.scope ? { categoryFilterGroups: [], groups: input.scope, inputFilterGroups: [] } : null,
    sourceObjectName: input.source,
    targetObjectName: input.target,
  };
}

export function rule(
  template: string,
  input: { name: string; source: string; target: string; objectMappings: ObjectMappingInput[] },
): SynchronizationRule {
  return {
    containerFilter: null,
    editable: true,
    groupFilter: null,
    id: `${template}.${uuidFrom(`rule/${template}/${input.name}`).replaceAll("-", "")}`,
    metadata: [],
    name: input.name,
    objectMappings: input.objectMappings.map(objectMapping),
    priority: 1,
    sourceDirectoryName: input.source,
    targetDirectoryName: input.target,
  };
}
