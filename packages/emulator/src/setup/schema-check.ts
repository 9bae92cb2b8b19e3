/**
 * What a schema PUT must satisfy beyond the spec's shape: every rule names directories of the schema, every object
 * mapping objects of them, and every attribute mapping a target attribute and source attributes those objects have;
 * expressions parse; scoping clauses name a known operator and a source attribute. Problems name the place.
 */
import type {
  AttributeMappingSource,
  DirectoryDefinition,
  ObjectDefinition,
  ObjectMapping,
  SynchronizationSchema,
} from "@graphsync/types";
import type { GraphErrorDetail } from "../errors.js";
import { attributesOf, ExpressionError, parse } from "./expression.js";
import { FILTER_OPERATORS } from "./filter-operators.js";

type Problem = GraphErrorDetail;

function findObject(directory: DirectoryDefinition | undefined, name: string | null | undefined) {
  return directory?.objects?.find((o) => o.name?.toLowerCase() === name?.toLowerCase());
}

const hasAttribute = (object: ObjectDefinition, name: string) =>
  (object.attributes ?? []).some((a) => a.name?.toLowerCase() === name.toLowerCase());

/** Attribute names a source reads: its tree's Attribute nodes, and those of its expression when it has one. */
function sourceAttributes(source: AttributeMappingSource, at: string, problems: Problem[]): string[] {
  const names: string[] = [];
  const walk = (node: AttributeMappingSource | null | undefined) => {
    if (!node) return;
    if (node.type === "Attribute" && node.name) names.push(node.name);
    for (const p of node.parameters ?? []) walk(p.value);
  };
  walk(source);
  if (source.expression && source.type === "Function") {
    try {
      names.push(...attributesOf(parse(source.expression)));
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      problems.push({
        code: "InvalidExpression",
        message: `${at}/expression: ${error.message}`,
        target: `${at}/expression`,
      });
    }
  }
  return [...new Set(names)];
}

function checkObjectMapping(
  mapping: ObjectMapping,
  at: string,
  sourceDir: DirectoryDefinition | undefined,
  targetDir: DirectoryDefinition | undefined,
  problems: Problem[],
): void {
  const source = findObject(sourceDir, mapping.sourceObjectName);
  const target = findObject(targetDir, mapping.targetObjectName);
  const missing = (where: string, what: string) =>
    problems.push({ code: "ObjectNotFound", message: `${at}/${where}: ${what}`, target: `${at}/${where}` });
  if (!source)
    missing("sourceObjectName", `'${mapping.sourceObjectName}' is not an object of directory '${sourceDir?.name}'`);
  if (!target)
    missing("targetObjectName", `'${mapping.targetObjectName}' is not an object of directory '${targetDir?.name}'`);
  (mapping.attributeMappings ?? []).forEach((m, i) => {
    const here = `${at}/attributeMappings/${i}`;
    if (target && m.targetAttributeName && !hasAttribute(target, m.targetAttributeName)) {
      problems.push({
        code: "AttributeNotFound",
        message: `${here}/targetAttributeName: '${m.targetAttributeName}' is not an attribute of '${target.name}' in directory '${targetDir?.name}'`,
        target: `${here}/targetAttributeName`,
      });
    }
    if (!m.source || !source) return;
    for (const name of sourceAttributes(m.source, `${here}/source`, problems)) {
      if (!hasAttribute(source, name)) {
        problems.push({
          code: "AttributeNotFound",
          message: `${here}/source: the attribute '${name}' is not an attribute of '${source.name}' in directory '${sourceDir?.name}'`,
          target: `${here}/source`,
        });
      }
    }
  });
  checkScope(mapping, at, source, problems);
}

function checkScope(mapping: ObjectMapping, at: string, source: ObjectDefinition | undefined, problems: Problem[]) {
  const operators = new Set(FILTER_OPERATORS.map((o) => o.id.toUpperCase()));
  (mapping.scope?.groups ?? []).forEach((group, g) => {
    (group.clauses ?? []).forEach((clause, c) => {
      const here = `${at}/scope/groups/${g}/clauses/${c}`;
      if (!operators.has((clause.operatorName ?? "").toUpperCase())) {
        problems.push({
          code: "UnknownFilterOperator",
          message: `${here}/operatorName: '${clause.operatorName}' is not a filter operator (see …/schema/filterOperators)`,
          target: `${here}/operatorName`,
        });
      }
      if (source && clause.sourceOperandName && !hasAttribute(source, clause.sourceOperandName)) {
        problems.push({
          code: "AttributeNotFound",
          message: `${here}/sourceOperandName: '${clause.sourceOperandName}' is not an attribute of '${source.name}'`,
          target: `${here}/sourceOperandName`,
        });
      }
    });
  });
}

/** Every problem of `schema` (none: it may be saved). */
export function schemaProblems(schema: SynchronizationSchema): Problem[] {
  const problems: Problem[] = [];
  const directories = schema.directories ?? [];
  const directory = (name: string | null | undefined) =>
    directories.find((d) => d.name?.toLowerCase() === name?.toLowerCase());
  (schema.synchronizationRules ?? []).forEach((rule, r) => {
    const at = `synchronizationRules/${r}`;
    const source = directory(rule.sourceDirectoryName);
    const target = directory(rule.targetDirectoryName);
    for (const [field, dir] of [
      ["sourceDirectoryName", source],
      ["targetDirectoryName", target],
    ] as const) {
      if (!dir) {
        problems.push({
          code: "DirectoryNotFound",
          message: `${at}/${field}: '${rule[field]}' is not a directory of the schema (${directories.map((d) => d.name).join(", ")})`,
          target: `${at}/${field}`,
        });
      }
    }
    (rule.objectMappings ?? []).forEach((m, i) => {
      checkObjectMapping(m, `${at}/objectMappings/${i}`, source, target, problems);
    });
  });
  return problems;
}
