// @ts-check
// Compares two schemas keyword by keyword. Each keyword the classifier understands has a handler in KEYWORDS;
// any other keyword is breaking (unless an x- extension), since the classifier errs on the safe side.
import { DOC_KEYS, same, typesOf, unionKeys } from "./common.mjs";

/** @typedef {import("./common.mjs").Node} Node */
/** @typedef {import("./common.mjs").Direction} Direction */
/** @typedef {import("./common.mjs").Add} Add */
/**
 * What a keyword handler sees: the keyword, its old and new values (x, y), the whole old and new schemas (a, b).
 * @typedef {{ add: Add, where: string, direction: Direction, key: string, x: any, y: any, a: Node, b: Node }} Step
 */

/**
 * @param {Add} add
 * @param {string} where
 * @param {Node | undefined} a
 * @param {Node | undefined} b
 * @param {Direction} direction who sends values of this schema
 */
export function compareSchema(add, where, a, b, direction) {
  if (!a && !b) return;
  if (!a) return add("additive", where, "schema added");
  if (!b) return add("breaking", where, "schema removed");
  if (a.$ref || b.$ref) {
    if (a.$ref !== b.$ref)
      add("breaking", where, `reference changed from ${a.$ref ?? "inline"} to ${b.$ref ?? "inline"}`);
    return;
  }
  for (const key of unionKeys(a, b)) {
    const x = a[key];
    const y = b[key];
    if (same(x, y)) continue;
    if (DOC_KEYS.has(key)) {
      add("docs", where, `${key} changed`);
      continue;
    }
    const handler = KEYWORDS.get(key) ?? otherKeyword;
    handler({ add, where, direction, key, x, y, a, b });
  }
}

/** @param {Step} s */
function type({ add, where, x, y }) {
  const before = typesOf(x);
  const after = typesOf(y);
  const removed = before.filter((t) => !after.includes(t));
  const added = after.filter((t) => !before.includes(t));
  if (removed.length) add("breaking", where, `type narrowed: ${removed.join(", ")} no longer allowed`);
  if (added.length) add("additive", where, `type widened: ${added.join(", ")} now allowed`);
}

/** @param {Step} s */
function enumeration({ add, where, x, y }) {
  const before = (x ?? []).map(String);
  const after = (y ?? []).map(String);
  if (x === undefined) return add("breaking", where, "enum added (values restricted)");
  if (y === undefined) return add("additive", where, "enum removed (any value allowed)");
  for (const m of before) if (!after.includes(m)) add("breaking", where, `enum member ${m} removed`);
  for (const m of after) if (!before.includes(m)) add("additive", where, `enum member ${m} added`);
}

/** @param {Step} s */
function properties({ add, where, direction, x, y, b }) {
  const pa = x ?? {};
  const pb = y ?? {};
  for (const name of Object.keys(pa)) if (!(name in pb)) add("breaking", `${where}.${name}`, "property removed");
  for (const name of Object.keys(pb)) {
    if (!(name in pa)) {
      const required = (b.required ?? []).includes(name);
      if (required && direction !== "response") add("breaking", `${where}.${name}`, "new required property");
      else add("additive", `${where}.${name}`, "property added");
      continue;
    }
    compareSchema(add, `${where}.${name}`, pa[name], pb[name], direction);
  }
}

/** @param {Step} s */
function required({ add, where, direction, x, y, a }) {
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
}

/** @param {Step} s */
const items = ({ add, where, direction, x, y }) => compareSchema(add, `${where}[]`, x, y, direction);

/** anyOf, oneOf, allOf. @param {Step} s */
function combinator({ add, where, direction, key, x, y }) {
  const before = x ?? [];
  const after = y ?? [];
  if (before.length > after.length) add("breaking", where, `${key} lost a branch`);
  else if (before.length < after.length && key !== "allOf") add("additive", where, `${key} gained a branch`);
  else if (before.length < after.length) add("breaking", where, "allOf gained a constraint");
  for (let i = 0; i < Math.min(before.length, after.length); i++)
    compareSchema(add, `${where}.${key}[${i}]`, before[i], after[i], direction);
}

/** maxLength, maximum, maxItems. @param {Step} s */
function upperBound({ add, where, key, x, y }) {
  if (y === undefined || (x !== undefined && y > x)) add("additive", where, `${key} relaxed`);
  else add("breaking", where, `${key} tightened to ${y}`);
}

/** minLength, minimum, minItems. @param {Step} s */
function lowerBound({ add, where, key, x, y }) {
  if (y === undefined || (x !== undefined && y < x)) add("additive", where, `${key} relaxed`);
  else add("breaking", where, `${key} tightened to ${y}`);
}

/** @param {Step} s */
function additionalProperties({ add, where, y }) {
  if (y === false) add("breaking", where, "no longer accepts additional properties");
  else add("additive", where, "accepts additional properties");
}

/** @param {Step} s */
function otherKeyword({ add, where, key }) {
  if (key.startsWith("x-")) add("docs", where, `${key} changed`);
  else add("breaking", where, `${key} changed (not classified: treated as breaking)`);
}

/** @type {Map<string, (s: Step) => void>} */
const KEYWORDS = new Map([
  ["type", type],
  ["enum", enumeration],
  ["properties", properties],
  ["required", required],
  ["items", items],
  ["anyOf", combinator],
  ["oneOf", combinator],
  ["allOf", combinator],
  ["maxLength", upperBound],
  ["maximum", upperBound],
  ["maxItems", upperBound],
  ["minLength", lowerBound],
  ["minimum", lowerBound],
  ["minItems", lowerBound],
  ["additionalProperties", additionalProperties],
]);
