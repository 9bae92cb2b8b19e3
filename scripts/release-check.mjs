#!/usr/bin/env node
// `pnpm release:check` (part of `pnpm test`): fails when
//   1. what a public package publishes (its `files`, README, package.json fields users see) changed since the last
//      release and no pending changeset names the package,
//   2. a package gets a breaking bump (a minor while 0.x) and a public package that re-exports its types gets less, or
//   3. the spec changed in a way that needs a bigger bump of @graphsync/types than the pending changesets give
//      (a breaking change needs a major bump; while the version is 0.x, a minor).
// "The last release" is the last `changeset version` commit (the newest commit that wrote a package's CHANGELOG.md):
// what it versioned is released or about to be, so a "Version Packages" commit passes before its tags exist. Without
// one, the newest tag @graphsync/<pkg>@<version>; before the first release, the repository's first commit, and then
// every package needs its first changeset.
//
// Usage: node scripts/release-check.mjs [--since <git-ref>]
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pendingReleases } from "./changesets.mjs";
import { unbumpedDependents } from "./dependents.mjs";

const root = new URL("../", import.meta.url);
const git = (...args) =>
  execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();

let since;
try {
  ({
    values: { since },
  } = parseArgs({ options: { since: { type: "string" } }, strict: true }));
} catch (e) {
  console.error(`release:check: ${e.message}`);
  process.exit(2);
}

let firstRelease = false;
if (!since) {
  if (git("rev-parse", "--is-shallow-repository") === "true") {
    console.error(
      "release:check: this clone is shallow; fetch the history (git fetch --unshallow) to compare with the last release",
    );
    process.exit(2);
  }
  const versioned = git("log", "-1", "--format=%H", "--", "packages/*/CHANGELOG.md", "apps/*/CHANGELOG.md");
  const tags = git("tag", "--list", "@graphsync/*@*", "--sort=-creatordate").split("\n").filter(Boolean);
  since = versioned || tags[0];
  if (!since) {
    firstRelease = true;
    since = git("rev-list", "--max-parents=0", "HEAD").split("\n").pop();
  }
}
/** The public packages: name, directory (relative to the root) and package.json. */
function publicPackages() {
  const found = [];
  for (const parent of ["packages", "apps"]) {
    let entries = [];
    try {
      entries = readdirSync(new URL(`${parent}/`, root));
    } catch {
      continue;
    }
    for (const entry of entries) {
      const dir = `${parent}/${entry}`;
      try {
        const manifest = JSON.parse(readFileSync(new URL(`${dir}/package.json`, root), "utf8"));
        if (!manifest.private) found.push({ name: manifest.name, dir, manifest });
      } catch {
        // not a package
      }
    }
  }
  return found;
}

/** package.json fields that do not reach users: editing only these needs no changeset. */
const UNPUBLISHED_FIELDS = new Set(["devDependencies", "scripts"]);

/**
 * The files of `pkg` that changed since `since` (committed or not) and are published: inside its `files` allow-list
 * (negations honoured), README, LICENSE, CHANGELOG, or package.json fields users see. A test or a script is not.
 */
function publishedChanges(pkg) {
  const changed = new Set(
    [
      ...git("diff", "--name-only", since, "--", pkg.dir).split("\n"),
      ...git("ls-files", "--others", "--exclude-standard", "--", pkg.dir).split("\n"),
    ].filter(Boolean),
  );
  const glob = (pattern) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, "\\$&")
        .replace(/\*\*\//g, "\0")
        .replace(/\*/g, "[^/]*")
        .replace(/\0/g, "(.*/)?")}(/.*)?$`,
    );
  // Without a `files` list npm publishes everything.
  const files = pkg.manifest.files ?? ["*"];
  const include = files.filter((f) => !f.startsWith("!")).map(glob);
  const exclude = files.filter((f) => f.startsWith("!")).map((f) => glob(f.slice(1)));
  return [...changed].filter((path) => {
    const inside = path.slice(pkg.dir.length + 1);
    if (inside === "package.json") return manifestChanged(pkg, path);
    if (/^(README|LICENSE|CHANGELOG)(\.md)?$/i.test(inside)) return true;
    return include.some((r) => r.test(inside)) && !exclude.some((r) => r.test(inside));
  });
}

function manifestChanged(pkg, path) {
  let before;
  try {
    before = JSON.parse(git("show", `${since}:${path}`));
  } catch {
    return true; // new package
  }
  const strip = (manifest) =>
    JSON.stringify(Object.fromEntries(Object.entries(manifest).filter(([key]) => !UNPUBLISHED_FIELDS.has(key))));
  return strip(before) !== strip(pkg.manifest);
}

const packages = publicPackages();
const named = pendingReleases(root);
const uncovered = packages
  .map((pkg) => ({ pkg, files: named.has(pkg.name) ? [] : publishedChanges(pkg) }))
  .filter(({ files }) => files.length);
if (uncovered.length) {
  for (const { pkg, files } of uncovered) {
    const shown = files.slice(0, 5).join(", ") + (files.length > 5 ? `, and ${files.length - 5} more` : "");
    console.error(
      `release:check: ${pkg.name} changed since ${since.slice(0, 12)} (${shown}) and no changeset names it`,
    );
  }
  console.error("release:check: run `pnpm changeset` and describe the change for users");
  process.exit(1);
}
console.log(`release:check: every published package changed since ${since.slice(0, 12)} is named by a changeset`);

const unbumped = unbumpedDependents(packages, named);
if (unbumped.length) {
  for (const u of unbumped)
    console.error(
      `release:check: ${u.dependency} gets a breaking ${u.bump}, and ${u.dependent} (which re-exports its types) ` +
        `${u.have === "none" ? "no bump" : `only a ${u.have}`}: a consumer's ^ range of ${u.dependent} would take ` +
        `the break with npm update; give ${u.dependent} a ${u.need} in a changeset`,
    );
  process.exit(1);
}

if (firstRelease) {
  // Nothing is released yet: every public package must be named by a pending changeset, or its first release
  // would go out without a changelog entry.
  const missing = packages.map((pkg) => pkg.name).filter((name) => !named.has(name));
  if (missing.length) {
    console.error(
      `release:check: no release yet, and no changeset names ${missing.join(", ")}: run \`pnpm changeset\``,
    );
    process.exit(1);
  }
  console.log(`release:check: first release; every public package has a changeset`);
}

const diff = spawnSync(
  process.execPath,
  [new URL("../spec/tools/spec-diff.mjs", import.meta.url).pathname, "--check"],
  {
    cwd: root,
    stdio: "inherit",
  },
);
process.exit(diff.status ?? 1);
