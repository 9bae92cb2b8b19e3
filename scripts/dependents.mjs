// @ts-check
// A breaking release of a package is breaking for every public package that re-exports its types: a consumer of
// @graphsync/client sees @graphsync/types' declarations through it. changesets bumps such a dependent only by a
// patch when the dependency leaves its range, so a consumer's `^0.1.0` of the client would take the break with
// `npm update`. This finds the dependents whose pending bump is smaller than breaking.

const RANK = { none: 0, patch: 1, minor: 2, major: 3 };

/** The smallest bump that is breaking for `version`: a minor while 0.x, a major from 1.0. */
export const breakingBump = (/** @type {string} */ version) => (version.startsWith("0.") ? "minor" : "major");

/** Whether a manifest publishes type declarations (a `types` condition or field): a library, not only a binary. */
function hasTypes(/** @type {any} */ manifest) {
  return Boolean(manifest.types || manifest.typings || JSON.stringify(manifest.exports ?? {}).includes('"types"'));
}

/**
 * @param {{ name: string, manifest: any }[]} packages the public packages
 * @param {Map<string, string>} pending each package's pending bump
 * @returns {{ dependency: string, bump: string, dependent: string, have: string, need: string }[]}
 */
export function unbumpedDependents(packages, pending) {
  const problems = [];
  const byName = new Map(packages.map((p) => [p.name, p]));
  for (const [dependency, bump] of pending) {
    const dep = byName.get(dependency);
    if (!dep || RANK[bump] < RANK[breakingBump(dep.manifest.version)]) continue;
    for (const pkg of packages) {
      if (!(dependency in (pkg.manifest.dependencies ?? {})) || !hasTypes(pkg.manifest)) continue;
      const have = pending.get(pkg.name) ?? "none";
      const need = breakingBump(pkg.manifest.version);
      if (RANK[have] < RANK[need]) problems.push({ dependency, bump, dependent: pkg.name, have, need });
    }
  }
  return problems;
}
