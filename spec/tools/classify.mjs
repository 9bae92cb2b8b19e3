// @ts-check
// Classifies the differences between two OpenAPI documents as breaking, additive or docs-only, from the point of
// view of a consumer of the generated types and of a client calling the service.
//
// Breaking: an operation, parameter, property or enum member removed; a type narrowed (fewer types allowed, a
// tighter length/minimum/pattern, a format added or changed); a new required field or parameter; anything this
// classifier does not understand (it errs on the safe side). Additive: new operations, optional parameters,
// properties, enum members, response codes, a type widened. Docs-only: descriptions, summaries, examples,
// external docs, titles and the info block.

/** @typedef {"breaking" | "additive" | "docs"} Kind */
/** @typedef {{ kind: Kind, where: string, what: string }} Change */
/** @typedef {Record<string, any>} Node */

const DOC_KEYS = new Set([
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
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

/** @param {unknown} v */
const isObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
/** @param {unknown} a @param {unknown} b */
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
/** @param {unknown} t @returns {string[]} */
const typesOf = (t) => (t === undefined ? [] : Array.isArray(t) ? t.map(String) : [String(t)]);

/**
 * @param {Node} oldDoc
 * @param {Node} newDoc
 * @returns {Change[]}
 */
export function classify(oldDoc, newDoc) {
  /** @type {Change[]} */
  const changes = [];
  /** @param {Kind} kind @param {string} where @param {string} what */
  const add = (kind, where, what) => changes.push({ kind, where, what });

  // ---- schemas -------------------------------------------------------------------------------------------
  /**
   * @param {string} where
   * @param {Node | undefined} a
   * @param {Node | undefined} b
   * @param {"request" | "response" | "both"} direction who sends values of this schema
   */
  function schema(where, a, b, direction) {
    if (!a && !b) return;
    if (!a) return add("additive", where, "schema added");
    if (!b) return add("breaking", where, "schema removed");
    if (a.$ref || b.$ref) {
      if (a.$ref !== b.$ref)
        add("breaking", where, `reference changed from ${a.$ref ?? "inline"} to ${b.$ref ?? "inline"}`);
      return;
    }
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const x = a[key];
      const y = b[key];
      if (same(x, y)) continue;
      if (DOC_KEYS.has(key)) {
        add("docs", where, `${key} changed`);
        continue;
      }
      switch (key) {
        case "type": {
          const before = typesOf(x);
          const after = typesOf(y);
          const removed = before.filter((t) => !after.includes(t));
          const added = after.filter((t) => !before.includes(t));
          if (removed.length) add("breaking", where, `type narrowed: ${removed.join(", ")} no longer allowed`);
          if (added.length) add("additive", where, `type widened: ${added.join(", ")} now allowed`);
          break;
        }
        case "enum": {
          const before = (x ?? []).map(String);
          const after = (y ?? []).map(String);
          if (x === undefined) add("breaking", where, "enum added (values restricted)");
          else if (y === undefined) add("additive", where, "enum removed (any value allowed)");
          else {
            for (const m of before) if (!after.includes(m)) add("breaking", where, `enum member ${m} removed`);
            for (const m of after) if (!before.includes(m)) add("additive", where, `enum member ${m} added`);
          }
          break;
        }
        case "properties": {
          const pa = x ?? {};
          const pb = y ?? {};
          for (const name of Object.keys(pa))
            if (!(name in pb)) add("breaking", `${where}.${name}`, "property removed");
          for (const name of Object.keys(pb)) {
            if (!(name in pa)) {
              const required = (b.required ?? []).includes(name);
              if (required && direction !== "response") add("breaking", `${where}.${name}`, "new required property");
              else add("additive", `${where}.${name}`, "property added");
              continue;
            }
            schema(`${where}.${name}`, pa[name], pb[name], direction);
          }
          break;
        }
        case "required": {
          const before = x ?? [];
          const after = y ?? [];
          for (const name of after) {
            // A brand-new property is reported under `properties`.
            if (!before.includes(name) && a.properties && name in a.properties) {
              if (direction === "response") add("additive", `${where}.${name}`, "now always present");
              else add("breaking", `${where}.${name}`, "property became required");
            }
          }
          for (const name of before)
            if (!after.includes(name)) {
              if (direction === "request") add("additive", `${where}.${name}`, "property no longer required");
              else add("breaking", `${where}.${name}`, "property no longer always present");
            }
          break;
        }
        case "items":
          schema(`${where}[]`, x, y, direction);
          break;
        case "anyOf":
        case "oneOf":
        case "allOf": {
          const before = x ?? [];
          const after = y ?? [];
          if (before.length > after.length) add("breaking", where, `${key} lost a branch`);
          else if (before.length < after.length && key !== "allOf") add("additive", where, `${key} gained a branch`);
          else if (before.length < after.length) add("breaking", where, "allOf gained a constraint");
          for (let i = 0; i < Math.min(before.length, after.length); i++)
            schema(`${where}.${key}[${i}]`, before[i], after[i], direction);
          break;
        }
        case "maxLength":
        case "maximum":
        case "maxItems":
          if (y === undefined || (x !== undefined && y > x)) add("additive", where, `${key} relaxed`);
          else add("breaking", where, `${key} tightened to ${y}`);
          break;
        case "minLength":
        case "minimum":
        case "minItems":
          if (y === undefined || (x !== undefined && y < x)) add("additive", where, `${key} relaxed`);
          else add("breaking", where, `${key} tightened to ${y}`);
          break;
        case "additionalProperties":
          if (y === false) add("breaking", where, "no longer accepts additional properties");
          else add("additive", where, "accepts additional properties");
          break;
        default:
          if (key.startsWith("x-")) add("docs", where, `${key} changed`);
          else add("breaking", where, `${key} changed (not classified: treated as breaking)`);
      }
    }
  }

  // ---- parameters ----------------------------------------------------------------------------------------
  /** @param {Node[] | undefined} list */
  const paramMap = (list) => {
    /** @type {Map<string, Node>} */
    const m = new Map();
    for (const raw of list ?? []) {
      const p = resolve(raw);
      m.set(`${p.in}:${p.name}`, p);
    }
    return m;
  };
  /** @param {Node} node */
  function resolve(node) {
    if (!node?.$ref) return node;
    const path = String(node.$ref).replace(/^#\//, "").split("/");
    /** @type {any} */
    let cur = currentDoc;
    for (const seg of path) cur = cur?.[seg.replace(/~1/g, "/").replace(/~0/g, "~")];
    return cur ?? node;
  }
  /** @type {Node} */
  let currentDoc = newDoc;

  /** @param {string} where @param {Node[] | undefined} a @param {Node[] | undefined} b */
  function parameters(where, a, b) {
    currentDoc = oldDoc;
    const before = paramMap(a);
    currentDoc = newDoc;
    const after = paramMap(b);
    for (const [key, p] of before) {
      const q = after.get(key);
      if (!q) {
        add("breaking", `${where} ${key}`, "parameter removed");
        continue;
      }
      if (!p.required && q.required) add("breaking", `${where} ${key}`, "parameter became required");
      if (p.required && !q.required) add("additive", `${where} ${key}`, "parameter became optional");
      schema(`${where} ${key}`, p.schema, q.schema, "request");
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

  // ---- operations ----------------------------------------------------------------------------------------
  const oldPaths = oldDoc.paths ?? {};
  const newPaths = newDoc.paths ?? {};
  for (const path of new Set([...Object.keys(oldPaths), ...Object.keys(newPaths)])) {
    const pa = oldPaths[path] ?? {};
    const pb = newPaths[path] ?? {};
    for (const method of METHODS) {
      const a = pa[method];
      const b = pb[method];
      const where = `${method.toUpperCase()} ${path}`;
      if (!a && !b) continue;
      if (!a) {
        add("additive", where, "operation added");
        continue;
      }
      if (!b) {
        add("breaking", where, "operation removed");
        continue;
      }
      if (a.operationId !== b.operationId)
        add("breaking", where, `operationId changed from ${a.operationId} to ${b.operationId}`);
      parameters(
        where,
        [...(pa.parameters ?? []), ...(a.parameters ?? [])],
        [...(pb.parameters ?? []), ...(b.parameters ?? [])],
      );
      const ra = a.requestBody;
      const rb = b.requestBody;
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
        schema(
          `${where} body`,
          ra.content?.["application/json"]?.schema,
          rb.content?.["application/json"]?.schema,
          "request",
        );
      }
      const sa = a.responses ?? {};
      const sb = b.responses ?? {};
      for (const code of Object.keys(sa)) if (!(code in sb)) add("breaking", `${where} ${code}`, "response removed");
      for (const code of Object.keys(sb)) {
        if (!(code in sa)) {
          add("additive", `${where} ${code}`, "response added");
          continue;
        }
        schema(
          `${where} ${code}`,
          sa[code]?.content?.["application/json"]?.schema,
          sb[code]?.content?.["application/json"]?.schema,
          "response",
        );
        if (!same(sa[code]?.description, sb[code]?.description)) add("docs", `${where} ${code}`, "description changed");
      }
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        if (["parameters", "requestBody", "responses", "operationId"].includes(key) || same(a[key], b[key])) continue;
        if (DOC_KEYS.has(key) || key === "tags" || key.startsWith("x-")) add("docs", where, `${key} changed`);
        else if (key === "security") add("breaking", where, "security changed");
        else add("breaking", where, `${key} changed (not classified: treated as breaking)`);
      }
    }
  }

  // ---- components ----------------------------------------------------------------------------------------
  // A schema's direction decides whether a new required property breaks anyone: request bodies are written by
  // clients, responses by the service. It is read off the documents: what request bodies reach, and what
  // responses reach.
  const directions = new Map();
  for (const doc of [oldDoc, newDoc]) {
    for (const [name, dir] of reach(doc)) {
      const prev = directions.get(name);
      directions.set(name, prev && prev !== dir ? "both" : dir);
    }
  }
  const oldSchemas = oldDoc.components?.schemas ?? {};
  const newSchemas = newDoc.components?.schemas ?? {};
  for (const name of new Set([...Object.keys(oldSchemas), ...Object.keys(newSchemas)]))
    schema(`#/components/schemas/${name}`, oldSchemas[name], newSchemas[name], directions.get(name) ?? "both");
  for (const section of ["parameters", "responses", "headers", "securitySchemes", "requestBodies"]) {
    const a = oldDoc.components?.[section] ?? {};
    const b = newDoc.components?.[section] ?? {};
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const where = `#/components/${section}/${name}`;
      if (!(name in b)) add("breaking", where, "removed");
      else if (!(name in a)) add("additive", where, "added");
      else if (same(a[name], b[name])) continue;
      else if (same(stripDocs(a[name]), stripDocs(b[name]))) add("docs", where, "documentation changed");
      else if (section === "parameters") parameters(where, [a[name]], [b[name]]);
      else if (section === "responses") {
        schema(
          where,
          a[name].content?.["application/json"]?.schema,
          b[name].content?.["application/json"]?.schema,
          "response",
        );
        const ha = Object.keys(a[name].headers ?? {});
        const hb = Object.keys(b[name].headers ?? {});
        for (const h of ha) if (!hb.includes(h)) add("breaking", `${where} header ${h}`, "header removed");
        for (const h of hb) if (!ha.includes(h)) add("additive", `${where} header ${h}`, "header added");
      } else add("breaking", where, "changed (not classified: treated as breaking)");
    }
  }
  if (!same(oldDoc.components?.examples, newDoc.components?.examples))
    add("docs", "#/components/examples", "examples changed");

  // ---- top level -----------------------------------------------------------------------------------------
  for (const key of ["info", "externalDocs", "tags"])
    if (!same(oldDoc[key], newDoc[key])) add("docs", key, `${key} changed`);
  if (!same(oldDoc.servers, newDoc.servers)) add("breaking", "servers", "servers changed");
  if (!same(oldDoc.security, newDoc.security)) add("breaking", "security", "security changed");
  return changes;
}

/**
 * Which component schemas request bodies and parameters reach ("request") and which responses reach ("response").
 * @param {Node} doc
 * @returns {Map<string, "request" | "response" | "both">}
 */
function reach(doc) {
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

/** @param {unknown} node @returns {unknown} */
function stripDocs(node) {
  if (Array.isArray(node)) return node.map(stripDocs);
  if (!isObject(node)) return node;
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [k, v] of Object.entries(/** @type {Record<string, unknown>} */ (node)))
    if (!DOC_KEYS.has(k) && v !== undefined) out[k] = stripDocs(v);
  return out;
}

/** @typedef {"major" | "minor" | "patch" | "none"} Bump */

/**
 * The smallest version bump of the generated types that these changes need. While the version is 0.x, a minor
 * bump is the breaking one (semver §4), so breaking needs minor and everything else patch.
 * @param {Change[]} changes
 * @param {string} currentVersion
 * @returns {Bump}
 */
export function minimumBump(changes, currentVersion) {
  const zero = currentVersion.startsWith("0.");
  if (changes.some((c) => c.kind === "breaking")) return zero ? "minor" : "major";
  if (changes.some((c) => c.kind === "additive")) return zero ? "patch" : "minor";
  if (changes.length) return "patch";
  return "none";
}

const ORDER = { none: 0, patch: 1, minor: 2, major: 3 };
/** @param {Bump} have @param {Bump} need */
export const bumpCovers = (have, need) => ORDER[have] >= ORDER[need];
