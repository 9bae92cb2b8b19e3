// @ts-check
// Compares parameter lists, matched by location and name; $refs are resolved in the document they come from.
import { same } from "./common.mjs";
import { compareSchema } from "./schemas.mjs";

/** @typedef {import("./common.mjs").Node} Node */
/** @typedef {import("./common.mjs").Context} Context */

/** @param {Node} doc @param {Node} node */
function resolve(doc, node) {
  if (!node?.$ref) return node;
  const path = String(node.$ref).replace(/^#\//, "").split("/");
  /** @type {any} */
  let cur = doc;
  for (const seg of path) cur = cur?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
  return cur ?? node;
}

/** @param {Node} doc @param {Node[] | undefined} list */
function paramMap(doc, list) {
  /** @type {Map<string, Node>} */
  const m = new Map();
  for (const raw of list ?? []) {
    const p = resolve(doc, raw);
    m.set(`${p.in}:${p.name}`, p);
  }
  return m;
}

/** @param {Context} ctx @param {string} where @param {Node[] | undefined} a @param {Node[] | undefined} b */
export function compareParameters({ add, oldDoc, newDoc }, where, a, b) {
  const before = paramMap(oldDoc, a);
  const after = paramMap(newDoc, b);
  for (const [key, p] of before) {
    const q = after.get(key);
    if (!q) {
      add("breaking", `${where} ${key}`, "parameter removed");
      continue;
    }
    if (!p.required && q.required) add("breaking", `${where} ${key}`, "parameter became required");
    if (p.required && !q.required) add("additive", `${where} ${key}`, "parameter became optional");
    compareSchema(add, `${where} ${key}`, p.schema, q.schema, "request");
    for (const k of ["description", "example", "examples"])
      if (!same(p[k], q[k])) add("docs", `${where} ${key}`, `${k} changed`);
  }
  for (const [key, q] of after)
    if (!before.has(key))
      add(
        q.required ? "breaking" : "additive",
        `${where} ${key}`,
        q.required ? "new required parameter" : "optional parameter added",
      );
}
