// @ts-check
// Compares the components section (schemas, parameters, responses and the rest) and the top-level keys.
import { same, stripDocs, unionKeys } from "./common.mjs";
import { compareParameters } from "./parameters.mjs";
import { directions } from "./reach.mjs";
import { compareSchema } from "./schemas.mjs";

/** @typedef {import("./common.mjs").Node} Node */
/** @typedef {import("./common.mjs").Context} Context */

const SECTIONS = ["parameters", "responses", "headers", "securitySchemes", "requestBodies"];

/** @param {Context} ctx */
export function compareComponents(ctx) {
  const { add, oldDoc, newDoc } = ctx;
  // Request bodies are written by clients, responses by the service: the direction is read off the documents.
  const dirs = directions([oldDoc, newDoc]);
  const oldSchemas = oldDoc.components?.schemas ?? {};
  const newSchemas = newDoc.components?.schemas ?? {};
  for (const name of unionKeys(oldSchemas, newSchemas))
    compareSchema(add, `#/components/schemas/${name}`, oldSchemas[name], newSchemas[name], dirs.get(name) ?? "both");
  for (const section of SECTIONS) {
    const a = oldDoc.components?.[section] ?? {};
    const b = newDoc.components?.[section] ?? {};
    for (const name of unionKeys(a, b)) compareComponent(ctx, { section, name, a, b });
  }
  if (!same(oldDoc.components?.examples, newDoc.components?.examples))
    add("docs", "#/components/examples", "examples changed");
}

/**
 * One named entry of a section; a and b are the old and new sections.
 * @param {Context} ctx @param {{ section: string, name: string, a: Node, b: Node }} at
 */
function compareComponent(ctx, { section, name, a, b }) {
  const { add } = ctx;
  const where = `#/components/${section}/${name}`;
  if (!(name in b)) add("breaking", where, "removed");
  else if (!(name in a)) add("additive", where, "added");
  else if (same(a[name], b[name])) return;
  else if (same(stripDocs(a[name]), stripDocs(b[name]))) add("docs", where, "documentation changed");
  else if (section === "parameters") compareParameters(ctx, where, [a[name]], [b[name]]);
  else if (section === "responses") compareResponse(ctx, where, a[name], b[name]);
  else add("breaking", where, "changed (not classified: treated as breaking)");
}

/** @param {Context} ctx @param {string} where @param {Node} a @param {Node} b */
function compareResponse({ add }, where, a, b) {
  compareSchema(
    add,
    where,
    a.content?.["application/json"]?.schema,
    b.content?.["application/json"]?.schema,
    "response",
  );
  const ha = Object.keys(a.headers ?? {});
  const hb = Object.keys(b.headers ?? {});
  for (const h of ha) if (!hb.includes(h)) add("breaking", `${where} header ${h}`, "header removed");
  for (const h of hb) if (!ha.includes(h)) add("additive", `${where} header ${h}`, "header added");
}

/** @param {Context} ctx */
export function compareTopLevel({ add, oldDoc, newDoc }) {
  for (const key of ["info", "externalDocs", "tags"])
    if (!same(oldDoc[key], newDoc[key])) add("docs", key, `${key} changed`);
  if (!same(oldDoc.servers, newDoc.servers)) add("breaking", "servers", "servers changed");
  if (!same(oldDoc.security, newDoc.security)) add("breaking", "security", "security changed");
}
