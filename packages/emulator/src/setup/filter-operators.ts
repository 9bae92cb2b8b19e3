/** The operators of scoping-filter clauses, as `GET …/schema/filterOperators` lists them. */
import type { AttributeType, FilterOperatorSchema } from "@graphsync/types";

const ALL: AttributeType[] = ["String", "Integer", "Reference", "Binary", "Boolean", "DateTime"];
const op = (
  id: string,
  arity: "Binary" | "Unary",
  supportedAttributeTypes: AttributeType[],
  multivaluedComparisonType: "All" | "Any" = "Any",
): FilterOperatorSchema => ({ id, arity, multivaluedComparisonType, supportedAttributeTypes });

export const FILTER_OPERATORS: readonly FilterOperatorSchema[] = [
  op("EQUALS", "Binary", ALL),
  op("NOT EQUALS", "Binary", ALL, "All"),
  op("IS TRUE", "Unary", ["Boolean"]),
  op("IS FALSE", "Unary", ["Boolean"]),
  op("IS NULL", "Unary", ALL, "All"),
  op("IS NOT NULL", "Unary", ALL),
  op("REGEX MATCH", "Binary", ["String"]),
  op("NOT REGEX MATCH", "Binary", ["String"], "All"),
  op("Greater_Than", "Binary", ["Integer"]),
  op("Greater_Than_OR_EQUALS", "Binary", ["Integer"]),
  op("Less_Than", "Binary", ["Integer"]),
  op("Less_Than_OR_EQUALS", "Binary", ["Integer"]),
  op("Includes", "Binary", ["String", "Integer"]),
  op("ENDS_WITH", "Binary", ["String"]),
];
