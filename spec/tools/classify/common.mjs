// @ts-check
// Shared vocabulary of the classifier: the keys that are documentation only, the HTTP methods, small predicates.

/** @typedef {"breaking" | "additive" | "docs"} Kind */
/** @typedef {{ kind: Kind, where: string, what: string }} Change */
/** @typedef {Record<string, any>} Node */
/** @typedef {"request" | "response" | "both"} Direction who sends values of a schema */
/** @typedef {(kind: Kind, where: string, what: string) => void} Add */
/** @typedef {{ add: Add, oldDoc: Node, newDoc: Node }} Context */

export const DOC_KEYS = new Set([
  "description",
  "summary",
  "example",
  "examples",
  "externalDocs",
  "title",
  "deprecated",
  "x-internal-note",
  "$comment",
]);
export const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** @param {unknown} v */
export const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
/** @param {unknown} a @param {unknown} b */
export const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
/** @param {unknown} t @returns {string[]} */
export const typesOf = (t) => (t === undefined ? [] : Array.isArray(t) ? t.map(String) : [String(t)]);
/** Keys of both objects, those of the first first. @param {Node} a @param {Node} b */
export const unionKeys = (a, b) => new Set([...Object.keys(a), ...Object.keys(b)]);

/** @param {unknown} node @returns {unknown} */
export function stripDocs(node) {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (!isObject(node)) return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(/** @type {Record<string, unknown>} */ (node)))
    if (!DOC_KEYS.has(k) && v !== undefined) out[k] = stripDocs(v);
  return out;
}
