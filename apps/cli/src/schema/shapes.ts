/**
 * The shape of a synchronizationSchema document (Graph v1.0 metadata: synchronizationSchema and the types it holds),
 * as the validator walks it. Every property the metadata declares is listed, with its type; enums list their members.
 */

export type Shape =
  | { kind: "string" }
  | { kind: "boolean" }
  | { kind: "integer" }
  | { kind: "enum"; values: readonly string[]; flags?: boolean }
  | { kind: "array"; of: Shape }
  | { kind: "object"; name: string; props: Readonly<Record<string, Shape>>; required?: readonly string[] };

const string: Shape = { kind: "string" };
const boolean: Shape = { kind: "boolean" };
const integer: Shape = { kind: "integer" };
const strings: Shape = { kind: "array", of: string };
const enumOf = (values: readonly string[], flags = false): Shape => ({ kind: "enum", values, flags });
const arrayOf = (of: Shape): Shape => ({ kind: "array", of });
const object = (name: string, props: Record<string, Shape>, required: string[] = []): Shape => ({
  kind: "object",
  name,
  props,
  required,
});
const keyValue = (name: string, key: Shape, value: Shape = string) => object(name, { key, value });

export const ATTRIBUTE_TYPES = ["String", "Integer", "Reference", "Binary", "Boolean", "DateTime"] as const;
export const FLOW_TYPES = ["Always", "ObjectAddOnly", "MultiValueAddOnly", "ValueAddOnly", "AttributeAddOnly"] as const;
export const FLOW_BEHAVIORS = ["FlowWhenChanged", "FlowAlways"] as const;
export const SOURCE_TYPES = ["Attribute", "Constant", "Function"] as const;

const attributeMetadata = enumOf([
  "BaseAttributeName",
  "ComplexObjectDefinition",
  "IsContainer",
  "IsCustomerDefined",
  "IsDomainQualified",
  "LinkPropertyNames",
  "LinkTypeName",
  "MaximumLength",
  "ReferencedProperty",
]);
const objectMetadata = enumOf([
  "PropertyNameAccountEnabled",
  "PropertyNameSoftDeleted",
  "IsSoftDeletionSupported",
  "IsSynchronizeAllSupported",
  "ConnectorDataStorageRequired",
  "Extensions",
  "BaseObjectName",
]);
const mappingMetadata = enumOf([
  "EscrowBehavior",
  "DisableMonitoringForChanges",
  "OriginalJoiningProperty",
  "Disposition",
  "IsCustomerDefined",
  "ExcludeFromReporting",
  "Unsynchronized",
]);

const attributeDefinition = object(
  "attributeDefinition",
  {
    anchor: boolean,
    apiExpressions: arrayOf(keyValue("stringKeyStringValuePair", string)),
    caseExact: boolean,
    defaultValue: string,
    flowNullValues: boolean,
    metadata: arrayOf(keyValue("attributeDefinitionMetadataEntry", attributeMetadata)),
    multivalued: boolean,
    mutability: enumOf(["ReadWrite", "ReadOnly", "Immutable", "WriteOnly"]),
    name: string,
    referencedObjects: arrayOf(
      object("referencedObject", { referencedObjectName: string, referencedProperty: string }),
    ),
    required: boolean,
    type: enumOf(ATTRIBUTE_TYPES),
  },
  ["name", "type"],
);

const objectDefinition = object(
  "objectDefinition",
  {
    attributes: arrayOf(attributeDefinition),
    metadata: arrayOf(keyValue("objectDefinitionMetadataEntry", objectMetadata)),
    name: string,
    supportedApis: strings,
  },
  ["name"],
);

const directoryDefinition = object(
  "directoryDefinition",
  {
    id: string,
    discoverabilities: enumOf(
      [
        "None",
        "AttributeNames",
        "AttributeDataTypes",
        "AttributeReadOnly",
        "ReferenceAttributes",
        "UnknownFutureValue",
      ],
      true,
    ),
    discoveryDateTime: string,
    name: string,
    objects: arrayOf(objectDefinition),
    readOnly: boolean,
    version: string,
  },
  ["name"],
);

// attributeMappingSource nests itself through its parameters.
const sourceProps: Record<string, Shape> = {};
const attributeMappingSource = object("attributeMappingSource", sourceProps, ["type"]);
Object.assign(sourceProps, {
  expression: string,
  name: string,
  parameters: arrayOf(keyValue("stringKeyAttributeMappingSourceValuePair", string, attributeMappingSource)),
  type: enumOf(SOURCE_TYPES),
});

const attributeMapping = object(
  "attributeMapping",
  {
    defaultValue: string,
    exportMissingReferences: boolean,
    flowBehavior: enumOf(FLOW_BEHAVIORS),
    flowType: enumOf(FLOW_TYPES),
    matchingPriority: integer,
    source: attributeMappingSource,
    targetAttributeName: string,
  },
  ["targetAttributeName", "source"],
);

const filterClause = object("filterClause", {
  operatorName: string,
  sourceOperandName: string,
  targetOperand: object("filterOperand", { values: strings }),
});
const filterGroup = object("filterGroup", { clauses: arrayOf(filterClause), name: string });
const filter = object("filter", {
  categoryFilterGroups: arrayOf(filterGroup),
  groups: arrayOf(filterGroup),
  inputFilterGroups: arrayOf(filterGroup),
});

const objectMapping = object(
  "objectMapping",
  {
    attributeMappings: arrayOf(attributeMapping),
    enabled: boolean,
    flowTypes: enumOf(["None", "Add", "Update", "Delete"], true),
    metadata: arrayOf(keyValue("objectMappingMetadataEntry", mappingMetadata)),
    name: string,
    scope: filter,
    sourceObjectName: string,
    targetObjectName: string,
  },
  ["sourceObjectName", "targetObjectName"],
);

const synchronizationRule = object(
  "synchronizationRule",
  {
    containerFilter: object("containerFilter", { includedContainers: strings }),
    editable: boolean,
    groupFilter: object("groupFilter", { includedGroups: strings }),
    id: string,
    metadata: arrayOf(keyValue("stringKeyStringValuePair", string)),
    name: string,
    objectMappings: arrayOf(objectMapping),
    priority: integer,
    sourceDirectoryName: string,
    targetDirectoryName: string,
  },
  ["sourceDirectoryName", "targetDirectoryName"],
);

export const SCHEMA_SHAPE: Shape = object(
  "synchronizationSchema",
  {
    id: string,
    version: string,
    directories: arrayOf(directoryDefinition),
    synchronizationRules: arrayOf(synchronizationRule),
  },
  ["directories", "synchronizationRules"],
);
