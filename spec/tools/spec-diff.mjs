#!/usr/bin/env node
// @ts-check
// `pnpm spec:diff`: compares spec/openapi.yaml with the spec of the last release of @graphsync/types and prints
// every change (breaking, additive, docs-only) and the minimum version bump of @graphsync/types it needs.
//
//   pnpm spec:diff                       against the spec when @graphsync/types was last versioned (else its newest tag)
//   pnpm spec:diff --base <git-ref>      against spec/openapi.yaml at a commit, branch or tag
//   pnpm spec:diff --base-file <path>    against a file (e.g. node_modules/@graphsync/types/openapi.yaml)
//   --json                               one JSON document instead of text
//   --check                              also read the pending changesets and exit 1 if they bump
//                                        @graphsync/types less than the changes need
//
// Exit codes: 0 ok, 1 the check failed, 2 usage or input error.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import { pendingReleases } from "../../scripts/changesets.mjs";
import { bumpCovers, classify, minimumBump } from "./classify.mjs";

const root = new URL("../../", import.meta.url);
const SPEC = "spec/openapi.yaml";
const TYPES = "@graphsync/types";

/** @param {string} message @returns {never} */
function usage(message) {
  console.error(`spec:diff: ${message}`);
  process.exit(2);
}

/** @param {string[]} args */
const git = (args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** @returns {{ base?: string, "base-file"?: string, json: boolean, check: boolean, help: boolean }} */
function options() {
  try {
    return parseArgs({
      options: {
        base: { type: "string" },
        "base-file": { type: "string" },
        json: { type: "boolean", default: false },
        check: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    return usage(/** @type {Error} */ (e).message);
  }
}
const values = options();
if (values.help) {
  const header = readFileSync(new URL(import.meta.url), "utf8")
    .split("\n")
    .slice(2, 14);
  console.log(header.map((l) => l.replace(/^\/\/ ?/, "")).join("\n"));
  process.exit(0);
}
if (values.base && values["base-file"]) usage("give --base or --base-file, not both");

/** @type {{ label: string, text: string } | undefined} */
let base;
if (values["base-file"]) {
  try {
    base = { label: values["base-file"], text: readFileSync(values["base-file"], "utf8") };
  } catch (e) {
    usage(`cannot read --base-file ${values["base-file"]}: ${/** @type {Error} */ (e).message}`);
  }
} else {
  let ref = values.base;
  if (!ref) {
    // The spec as @graphsync/types was last versioned (the `changeset version` commit that wrote its changelog):
    // changes before it are in that version, released or about to be. Without one, the newest release tag.
    ref =
      git(["log", "-1", "--format=%H", "--", "packages/types/CHANGELOG.md"]).trim() ||
      git(["tag", "--list", `${TYPES}@*`, "--sort=-v:refname"])
        .split("\n")
        .filter(Boolean)[0];
  }
  if (ref) {
    try {
      base = { label: ref, text: git(["show", `${ref}:${SPEC}`]) };
    } catch {
      usage(`${SPEC} does not exist at ${ref} (is it a commit, branch or tag of this repository?)`);
    }
  }
}

const current = readFileSync(new URL(SPEC, root), "utf8");
const typesVersion = JSON.parse(readFileSync(new URL("packages/types/package.json", root), "utf8")).version;

/** @param {string} text @param {string} label */
function load(text, label) {
  try {
    return parse(text);
  } catch (e) {
    usage(`${label} is not valid YAML: ${/** @type {Error} */ (e).message}`);
  }
}

const changes = base ? classify(load(base.text, base.label), load(current, SPEC)) : [];
const need = minimumBump(changes, typesVersion);

/** The bump the pending changesets give @graphsync/types (it depends on no other package, so only they bump it). */
function pendingBump() {
  return pendingReleases(root).get(TYPES) ?? "none";
}

const have = values.check ? pendingBump() : undefined;
const ok = have === undefined || bumpCovers(have, need);

if (values.json) {
  console.log(
    JSON.stringify(
      { base: base?.label ?? null, typesVersion, changes, minimumBump: need, pendingBump: have ?? null, ok },
      null,
      2,
    ),
  );
} else {
  if (!base)
    console.log(`${TYPES} not versioned yet (no changelog, no tag): the whole spec is part of the first release.`);
  else {
    console.log(`${SPEC} against ${base.label}: ${changes.length} change(s)`);
    for (const kind of /** @type {const} */ (["breaking", "additive", "docs"])) {
      const list = changes.filter((c) => c.kind === kind);
      if (!list.length) continue;
      console.log(`\n${kind === "docs" ? "docs-only" : kind} (${list.length}):`);
      for (const c of list) console.log(`  ${c.where}: ${c.what}`);
    }
    console.log(`\nminimum bump of ${TYPES} (now ${typesVersion}): ${need}`);
  }
  if (have !== undefined)
    console.log(
      ok
        ? `pending changesets bump ${TYPES}: ${have} (enough)`
        : `pending changesets bump ${TYPES}: ${have}, but the spec changes need at least ${need}: add a changeset (pnpm changeset)`,
    );
}
process.exit(ok ? 0 : 1);
