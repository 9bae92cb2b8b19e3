// @ts-check
// Compares the operations of two documents: presence, operationId, parameters, request body, responses and the
// remaining operation keys.
import { DOC_KEYS, METHODS, same, unionKeys } from "./common.mjs";
import { compareParameters } from "./parameters.mjs";
import { compareSchema } from "./schemas.mjs";

/** @typedef {import("./common.mjs").Node} Node */
/** @typedef {import("./common.mjs").Context} Context */

/** @param {Context} ctx */
export function compareOperations(ctx) {
  const oldPaths = ctx.oldDoc.paths ?? {};
  const newPaths = ctx.newDoc.paths ?? {};
  for (const path of unionKeys(oldPaths, newPaths)) {
    const pa = oldPaths[path] ?? {};
    const pb = newPaths[path] ?? {};
    for (const method of METHODS) compareOperation(ctx, { path, method, pa, pb });
  }
}

/**
 * One method of one path; pa and pb are the old and new path items.
 * @param {Context} ctx @param {{ path: string, method: string, pa: Node, pb: Node }} at
 */
function compareOperation(ctx, { path, method, pa, pb }) {
  const { add } = ctx;
  const a = pa[method];
  const b = pb[method];
  const where = `${method.toUpperCase()} ${path}`;
  if (!a && !b) return;
  if (!a) return add("additive", where, "operation added");
  if (!b) return add("breaking", where, "operation removed");
  if (a.operationId !== b.operationId)
    add("breaking", where, `operationId changed from ${a.operationId} to ${b.operationId}`);
  compareParameters(
    ctx,
    where,
    [...(pa.parameters ?? []), ...(a.parameters ?? [])],
    [...(pb.parameters ?? []), ...(b.parameters ?? [])],
  );
  compareBody(ctx, where, a.requestBody, b.requestBody);
  compareResponses(ctx, where, a.responses ?? {}, b.responses ?? {});
  compareOtherKeys(ctx, where, a, b);
}

/** @param {Context} ctx @param {string} where @param {Node | undefined} ra @param {Node | undefined} rb */
function compareBody({ add }, where, ra, rb) {
  if (!ra && rb)
    add(
      rb.required ? "breaking" : "additive",
      `${where} body`,
      rb.required ? "required body added" : "optional body added",
    );
  else if (ra && !rb) add("breaking", `${where} body`, "body removed");
  else if (ra && rb) {
    if (!ra.required && rb.required) add("breaking", `${where} body`, "body became required");
    if (ra.required && !rb.required) add("additive", `${where} body`, "body became optional");
    compareSchema(
      add,
      `${where} body`,
      ra.content?.["application/json"]?.schema,
      rb.content?.["application/json"]?.schema,
      "request",
    );
  }
}

/** @param {Context} ctx @param {string} where @param {Node} sa @param {Node} sb */
function compareResponses({ add }, where, sa, sb) {
  for (const code of Object.keys(sa)) if (!(code in sb)) add("breaking", `${where} ${code}`, "response removed");
  for (const code of Object.keys(sb)) {
    if (!(code in sa)) {
      add("additive", `${where} ${code}`, "response added");
      continue;
    }
    compareSchema(
      add,
      `${where} ${code}`,
      sa[code]?.content?.["application/json"]?.schema,
      sb[code]?.content?.["application/json"]?.schema,
      "response",
    );
    if (!same(sa[code]?.description, sb[code]?.description)) add("docs", `${where} ${code}`, "description changed");
  }
}

/** @param {Context} ctx @param {string} where @param {Node} a @param {Node} b */
function compareOtherKeys({ add }, where, a, b) {
  for (const key of unionKeys(a, b)) {
    if (["parameters", "requestBody", "responses", "operationId"].includes(key) || same(a[key], b[key])) continue;
    if (DOC_KEYS.has(key) || key === "tags" || key.startsWith("x-")) add("docs", where, `${key} changed`);
    else if (key === "security") add("breaking", where, "security changed");
    else add("breaking", where, `${key} changed (not classified: treated as breaking)`);
  }
}
