#!/usr/bin/env node
// `pnpm release:check` (part of `pnpm test`): fails when
//   1. a published package changed since the last release without a changeset, or
//   2. the spec changed in a way that needs a bigger bump of @graphsync/types than the pending changesets give
//      (a breaking change needs a major bump; while the version is 0.x, a minor).
// "The last release" is the last `changeset version` commit (the newest commit that wrote a package's CHANGELOG.md):
// what it versioned is released or about to be, so a "Version Packages" commit passes before its tags exist. Without
// one, the newest tag @graphsync/<pkg>@<version>; before the first release, the repository's first commit, and then
// every package needs its first changeset.
//
// Usage: node scripts/release-check.mjs [--since <git-ref>]
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { pendingReleases } from "./changesets.mjs";

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
function publicPackages() {
  const names = [];
  for (const dir of ["packages", "apps"]) {
    let entries = [];
    try {
      entries = readdirSync(new URL(`${dir}/`, root));
    } catch {
      continue;
    }
    for (const entry of entries) {
      try {
        const pkg = JSON.parse(readFileSync(new URL(`${dir}/${entry}/package.json`, root), "utf8"));
        if (!pkg.private) names.push(pkg.name);
      } catch {
        // not a package
      }
    }
  }
  return names;
}

const changesetBin = createRequire(import.meta.url).resolve("@changesets/cli/bin.js");
const status = spawnSync(process.execPath, [changesetBin, "status", `--since=${since}`], {
  cwd: root,
  encoding: "utf8",
});
if (status.status !== 0) {
  process.stderr.write(status.stdout + status.stderr);
  console.error(`release:check: packages changed since ${since} need a changeset: run \`pnpm changeset\``);
  process.exit(1);
}
console.log(`release:check: every package changed since ${since.slice(0, 40)} has a changeset`);

if (firstRelease) {
  // Nothing is released yet: every public package must be named by a pending changeset, or its first release
  // would go out without a changelog entry.
  const named = pendingReleases(root);
  const missing = publicPackages().filter((name) => !named.has(name));
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
