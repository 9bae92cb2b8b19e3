// @ts-check
// Which component schemas request bodies and parameters reach, and which responses reach: a schema's direction
// decides whether a new required property breaks anyone.
import { isObject, METHODS } from "./common.mjs";

/** @typedef {import("./common.mjs").Node} Node */

/**
 * Which component schemas request bodies and parameters reach ("request") and which responses reach ("response").
 * @param {Node} doc
 * @returns {Map<string, "request" | "response" | "both">}
 */
export function reach(doc) {
  /** @type {Map<string, "request" | "response" | "both">} */
  const seen = new Map();
  const schemas = doc.components?.schemas ?? {};
  /** @param {unknown} node @param {"request" | "response"} dir */
  const walk = (node, dir) => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, dir);
      return;
    }
    if (!isObject(node)) return;
    const n = /** @type {Record<string, unknown>} */ (node);
    const ref = typeof n.$ref === "string" ? n.$ref : undefined;
    if (ref) {
      const target = ref.split("/");
      const name = target[target.length - 1] ?? "";
      if (ref.startsWith("#/components/schemas/")) {
        const prev = seen.get(name);
        if (prev === dir || prev === "both") return;
        seen.set(name, prev ? "both" : dir);
        walk(schemas[name], dir);
      } else if (ref.startsWith("#/components/")) {
        walk(doc.components?.[target[2] ?? ""]?.[name], dir);
      }
      return;
    }
    for (const v of Object.values(n)) walk(v, dir);
  };
  for (const item of Object.values(doc.paths ?? {})) {
    for (const [key, op] of Object.entries(item ?? {})) {
      if (key === "parameters") walk(op, "request");
      if (!METHODS.includes(key)) continue;
      walk(op.parameters, "request");
      walk(op.requestBody, "request");
      walk(op.responses, "response");
    }
  }
  return seen;
}

/**
 * The direction of every schema across both documents: "both" when they disagree.
 * @param {Node[]} docs
 * @returns {Map<string, "request" | "response" | "both">}
 */
export function directions(docs) {
  const out = new Map();
  for (const doc of docs) {
    for (const [name, dir] of reach(doc)) {
      const prev = out.get(name);
      out.set(name, prev && prev !== dir ? "both" : dir);
    }
  }
  return out;
}
