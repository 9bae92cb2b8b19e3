/** Matches a request's path segments and method against the route table, bound to the spec's operations. */
import { GraphHttpError } from "../errors.js";
import type { Route } from "../route-table.js";
import type { OperationDef } from "../spec.js";

/** A route of the table with its operation in the spec (parameters, bodies, answers, permissions). */
export interface BoundRoute {
  route: Route;
  op: OperationDef;
}

export type Match =
  | { kind: "operation"; bound: BoundRoute; params: Record<string, string> }
  | { kind: "method"; allow: string[]; params: Record<string, string> }
  | { kind: "none"; segment: string | undefined; depth: number };

/** Pairs each route with the spec's operation; throws naming every disagreement (a startup error). */
export function bindRoutes(routes: readonly Route[], operations: readonly OperationDef[]): BoundRoute[] {
  const problems: string[] = [];
  const bound: BoundRoute[] = [];
  for (const op of operations) {
    const route = routes.find((r) => r.operationId === op.operationId);
    if (!route) problems.push(`${op.operationId} has no route`);
    else if (route.method !== op.method || route.path !== op.pathTemplate) {
      problems.push(
        `${op.operationId} is ${op.method} ${op.pathTemplate} in the spec, not ${route.method} ${route.path}`,
      );
    } else bound.push({ route, op });
  }
  for (const route of routes) {
    if (!operations.some((op) => op.operationId === route.operationId)) {
      problems.push(`${route.operationId} is not in the spec`);
    }
  }
  if (problems.length > 0) throw new Error(problems.join("; "));
  return bound;
}

export function matchRoute(routes: readonly BoundRoute[], segments: string[], method: string): Match {
  let best: { depth: number; segment: string | undefined } = { depth: -1, segment: segments[0] };
  const byPath: Array<{ bound: BoundRoute; params: Record<string, string> }> = [];
  for (const bound of routes) {
    const want = bound.op.segments;
    const params: Record<string, string> = {};
    let depth = 0;
    for (; depth < want.length && depth < segments.length; depth++) {
      const expected = want[depth];
      const got = segments[depth] ?? "";
      if (expected === undefined) break;
      if ("param" in expected) {
        if (got === "") break;
        params[expected.param] = got;
      } else if (expected.literal.toLowerCase() !== got.toLowerCase()) break;
    }
    if (depth === want.length && depth === segments.length) byPath.push({ bound, params });
    else if (depth > best.depth) best = { depth, segment: segments[depth] };
  }
  const exact = byPath.find((entry) => entry.bound.route.method === method);
  if (exact) return { kind: "operation", bound: exact.bound, params: exact.params };
  const first = byPath[0];
  if (first)
    return { kind: "method", allow: [...new Set(byPath.map((e) => e.bound.route.method))], params: first.params };
  return { kind: "none", segment: best.segment, depth: best.depth };
}

/** Decodes each path segment; malformed percent-encoding is a 400 naming the segment. */
export function decodeSegments(pathname: string): string[] {
  return pathname
    .split("/")
    .slice(1)
    .map((raw) => {
      try {
        return decodeURIComponent(raw);
      } catch {
        throw GraphHttpError.badRequest(`The path segment '${raw.slice(0, 200)}' has malformed percent-encoding.`);
      }
    });
}
