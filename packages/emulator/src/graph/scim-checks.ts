/**
 * What bulkUpload checks before accepting a request, worded as the service words it: the content type (the most
 * common mistake, a 400 "Invalid data format"), then the SCIM itself, every problem named by its operation (index
 * and bulkId) and attribute, all at once (capped).
 */
import type { IncomingMessage } from "node:http";
import type { Core } from "../core.js";
import { GraphHttpError } from "../errors.js";
import type { OperationDef } from "../spec.js";
import type { SchemaProblem } from "../validate.js";

type Problem = Omit<SchemaProblem, "kind"> & { kind: string; where: string };

const SHOWN = 20;

/** A request body that must be `mediaType` (not application/json): anything else is a 400, as bulkUpload answers. */
export function checkMediaType(req: IncomingMessage, op: OperationDef): void {
  const expected = op.requestBody?.mediaType;
  if (!expected || expected === "application/json") return;
  const got = String(req.headers["content-type"] ?? "")
    .split(";")[0]
    ?.trim()
    .toLowerCase();
  if (got === expected) return;
  throw new GraphHttpError({
    status: 400,
    code: "BadRequest",
    message: `Invalid data format: ${op.operationId} takes Content-Type: ${expected} (got ${got ? `'${got.slice(0, 100)}'` : "no Content-Type"}).`,
    target: "Content-Type",
  });
}

type Operation = { bulkId?: unknown };

/** Where a problem is: `Operations[3] (bulkId 'E3'): data.name.givenName`, or the request's own member. */
function place(problem: SchemaProblem, operations: unknown): string {
  const match = /^\/Operations\/(\d+)(\/.*)?$/.exec(problem.pointer);
  if (!match || !Array.isArray(operations)) return problem.path || "(body)";
  const index = Number(match[1]);
  const bulkId = (operations[index] as Operation | undefined)?.bulkId;
  const named = typeof bulkId === "string" ? ` (bulkId '${bulkId.slice(0, 100)}')` : "";
  const attribute = problem.path.replace(/^Operations\[\d+\]\.?/, "");
  return `Operations[${index}]${named}${attribute ? `: ${attribute}` : ""}`;
}

/** The body against the spec's scimBulkRequest, plus what a schema cannot say (bulkIds unique in the request). */
export function checkBulkRequest(core: Core, op: OperationDef, body: unknown): void {
  if (body === undefined) {
    throw GraphHttpError.badRequest(
      "Invalid data format: the request body must be a SCIM BulkRequest (schemas, Operations).",
      "(body)",
    );
  }
  const pointer = op.requestBody?.schemaPointer as string;
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  const problems: Problem[] = core.validator
    .validate(pointer, body)
    .map((p) => ({ ...p, where: place(p, operations) }));
  if (Array.isArray(operations)) {
    const seen = new Map<string, number>();
    operations.forEach((operation: Operation, i) => {
      const bulkId = operation?.bulkId;
      if (typeof bulkId !== "string") return;
      const first = seen.get(bulkId);
      if (first === undefined) seen.set(bulkId, i);
      else
        problems.push({
          pointer: `/Operations/${i}/bulkId`,
          path: `Operations[${i}].bulkId`,
          kind: "DuplicateBulkId",
          message: `is also the bulkId of Operations[${first}]: bulkIds must be unique in a request`,
          where: `Operations[${i}] (bulkId '${bulkId.slice(0, 100)}'): bulkId`,
        });
    });
  }
  if (!problems.length) return;
  const more = problems.length > SHOWN ? `; and ${problems.length - SHOWN} more` : "";
  const tooMany = Array.isArray(operations) && operations.length > 50;
  throw new GraphHttpError({
    status: 400,
    code: "BadRequest",
    message: tooMany
      ? `Invalid data format: a bulk request carries at most 50 operations (got ${operations.length}).`
      : `Invalid data format: ${problems
          .slice(0, SHOWN)
          .map((p) => `${p.where}: ${p.message}`)
          .join("; ")}${more}.`,
    target: problems[0]?.path || "(body)",
    details: problems
      .slice(0, SHOWN)
      .map((p) => ({ code: p.kind, message: `${p.where}: ${p.message}`, target: p.path || "(body)" })),
  });
}
