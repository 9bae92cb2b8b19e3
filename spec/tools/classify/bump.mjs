// @ts-check
// The version bump a set of changes needs, and whether a given bump covers it.

/** @typedef {import("./common.mjs").Change} Change */
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
