// @ts-check
// Classifies the differences between two OpenAPI documents as breaking, additive or docs-only, from the point of
// view of a consumer of the generated types and of a client calling the service.
//
// Breaking: an operation, parameter, property or enum member removed; a type narrowed (fewer types allowed, a
// tighter length/minimum/pattern, a format added or changed); a new required field or parameter; anything this
// classifier does not understand (it errs on the safe side). Additive: new operations, optional parameters,
// properties, enum members, response codes, a type widened. Docs-only: descriptions, summaries, examples,
// external docs, titles and the info block.
//
// The work is split by part of the document under ./classify/: schemas, parameters, operations, components
// (with reach, which finds each schema's direction), and bump.
import { compareComponents, compareTopLevel } from "./classify/components.mjs";
import { compareOperations } from "./classify/operations.mjs";

export { bumpCovers, minimumBump } from "./classify/bump.mjs";

/** @typedef {import("./classify/common.mjs").Kind} Kind */
/** @typedef {import("./classify/common.mjs").Change} Change */
/** @typedef {import("./classify/common.mjs").Node} Node */
/** @typedef {import("./classify/bump.mjs").Bump} Bump */

/**
 * @param {Node} oldDoc
 * @param {Node} newDoc
 * @returns {Change[]}
 */
export function classify(oldDoc, newDoc) {
  /** @type {Change[]} */
  const changes = [];
  /** @param {Kind} kind @param {string} where @param {string} what */
  const add = (kind, where, what) => {
    changes.push({ kind, where, what });
  };
  const ctx = { add, oldDoc, newDoc };
  compareOperations(ctx);
  compareComponents(ctx);
  compareTopLevel(ctx);
  return changes;
}
