/** The spec's operations as a table the router and the validator share (parameters, bodies, answers, permissions). */
import type { OperationId } from "@graphsync/types";
import { type OpenAPIDocument, openapiDocument } from "@graphsync/types/spec";

export type { OperationId };

export type Segment = { literal: string } | { param: string };

export interface ParameterDef {
  name: string;
  in: "path" | "query" | "header";
  required: boolean;
  /** JSON pointer of the parameter's schema in the document. */
  schemaPointer: string;
}

export interface ResponseDef {
  /** JSON pointer of the JSON body's schema, or undefined for a response without a body (204). */
  schemaPointer: string | undefined;
  headers: string[];
}

export interface OperationDef {
  operationId: OperationId;
  method: string;
  pathTemplate: string;
  segments: Segment[];
  parameters: ParameterDef[];
  requestBody: { required: boolean; schemaPointer: string; mediaType: string } | undefined;
  /** Keyed by status code or range ("200", "204", "4XX", "default"). */
  responses: Map<string, ResponseDef>;
  /** The spec's `x-permissions`: any one of them allows the operation. */
  permissions: { delegated: string[]; application: string[] };
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

function escapePointer(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

function at(doc: OpenAPIDocument, pointer: string): unknown {
  let value: unknown = doc;
  for (const raw of pointer.split("/").slice(1)) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    value = (value as Record<string, unknown> | undefined)?.[token];
  }
  return value;
}

/** Follows `$ref`s (responses, parameters, headers): returns the object and its JSON pointer. */
function resolve(doc: OpenAPIDocument, pointer: string): { value: Record<string, unknown>; pointer: string } {
  let current = pointer;
  for (let hops = 0; hops < 16; hops++) {
    const value = at(doc, current) as Record<string, unknown> | undefined;
    if (value === undefined) throw new Error(`the spec has no ${current}`);
    const ref = value.$ref;
    if (typeof ref !== "string") return { value, pointer: current };
    if (!ref.startsWith("#/")) throw new Error(`external $ref ${ref} is not supported`);
    current = ref.slice(1);
  }
  throw new Error(`$ref loop at ${pointer}`);
}

function jsonSchemaPointer(doc: OpenAPIDocument, contentPointer: string): string | undefined {
  const content = at(doc, contentPointer) as Record<string, unknown> | undefined;
  if (!content) return undefined;
  // application/json, or a JSON dialect such as application/scim+json (bulkUpload's).
  const media = Object.keys(content).find((type) => /^application\/([\w.-]+\+)?json/.test(type));
  if (!media) return undefined;
  return `${contentPointer}/${escapePointer(media)}/schema`;
}

export function readOperations(doc: OpenAPIDocument = openapiDocument): OperationDef[] {
  const operations: OperationDef[] = [];
  for (const [pathTemplate, pathItem] of Object.entries(doc.paths)) {
    const pathPointer = `/paths/${escapePointer(pathTemplate)}`;
    const shared = (pathItem.parameters as unknown[] | undefined) ?? [];
    for (const method of METHODS) {
      const op = pathItem[method] as Record<string, unknown> | undefined;
      if (!op) continue;
      const opPointer = `${pathPointer}/${method}`;
      const parameters: ParameterDef[] = [];
      const collect = (list: unknown[], base: string) => {
        list.forEach((_, i) => {
          const { value, pointer } = resolve(doc, `${base}/${i}`);
          parameters.push({
            name: String(value.name),
            in: value.in as ParameterDef["in"],
            required: value.required === true,
            schemaPointer: `${pointer}/schema`,
          });
        });
      };
      collect(shared, `${pathPointer}/parameters`);
      collect((op.parameters as unknown[] | undefined) ?? [], `${opPointer}/parameters`);

      let requestBody: OperationDef["requestBody"];
      if (op.requestBody) {
        const { value, pointer } = resolve(doc, `${opPointer}/requestBody`);
        const schemaPointer = jsonSchemaPointer(doc, `${pointer}/content`);
        const mediaType = Object.keys((value.content as Record<string, unknown>) ?? {})[0] ?? "application/json";
        if (schemaPointer) requestBody = { required: value.required === true, schemaPointer, mediaType };
      }

      const responses = new Map<string, ResponseDef>();
      for (const status of Object.keys((op.responses as Record<string, unknown>) ?? {})) {
        const { value, pointer } = resolve(doc, `${opPointer}/responses/${escapePointer(status)}`);
        responses.set(status.toUpperCase(), {
          schemaPointer: value.content ? jsonSchemaPointer(doc, `${pointer}/content`) : undefined,
          headers: Object.keys((value.headers as Record<string, unknown>) ?? {}),
        });
      }

      const permissions = (op["x-permissions"] as OperationDef["permissions"] | undefined) ?? {
        delegated: [],
        application: [],
      };
      operations.push({
        operationId: op.operationId as OperationId,
        method: method.toUpperCase(),
        pathTemplate,
        segments: pathTemplate
          .split("/")
          .slice(1)
          .map((part) => (/^\{.+\}$/.test(part) ? { param: part.slice(1, -1) } : { literal: part })),
        parameters,
        requestBody,
        responses,
        permissions: { delegated: permissions.delegated ?? [], application: permissions.application ?? [] },
      });
    }
  }
  return operations;
}

/** The response definition for a status: the exact code, then its range (`4XX`), then `default`. */
export function responseFor(op: OperationDef, status: number): ResponseDef | undefined {
  return op.responses.get(String(status)) ?? op.responses.get(`${String(status)[0]}XX`) ?? op.responses.get("DEFAULT");
}

/** JSON pointer of a named component schema. */
export function componentSchema(name: string): string {
  return `/components/schemas/${escapePointer(name)}`;
}

/** The Graph versions served; both have the same paths and, for these types, the same shapes. */
export const GRAPH_VERSIONS = ["v1.0", "beta"] as const;
export type GraphVersion = (typeof GRAPH_VERSIONS)[number];

/** The property names of a component schema of the spec (its `properties`). */
export function componentProperties(name: string, doc: OpenAPIDocument = openapiDocument): string[] {
  const schema = at(doc, componentSchema(name)) as { properties?: Record<string, unknown> } | undefined;
  return Object.keys(schema?.properties ?? {});
}
