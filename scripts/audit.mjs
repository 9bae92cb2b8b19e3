#!/usr/bin/env node
// `pnpm audit:prod` (part of `pnpm test`): no known high or critical advisory in what the published packages
// install (their production dependency trees, every version the lockfile resolves).
//
// Not `pnpm audit`: pnpm 10 (and 11 so far) calls the registry's legacy audit endpoints, which npm retired in 2026
// (HTTP 410). This asks the endpoint npm now documents, POST /-/npm/v1/security/advisories/bulk with
// `{ name: [versions] }`, and matches each advisory's `vulnerable_versions` against the installed versions itself.
//
// Exit codes: 0 clean, 1 a high or critical advisory applies or the registry answered something unusable, 2 the
// dependency list could not be read, 3 SKIPPED: the check could not run here (the reason on stdout). `pnpm test`
// reports 3 as a warning in its summary, and fails on it with AUDIT_REQUIRED=1 (the GitHub workflows).
// A network without the registry (connection refused, DNS failure) or a mirror that does not serve audits
// (HTTP 405, as this project's sandboxed CI proxy does) skips the check with a notice and exit code 3: there is
// nothing to audit against. AUDIT_REGISTRY (or npm_config_registry) chooses the registry; AUDIT_DEPS_JSON reads the
// dependency map from a file instead of `pnpm list` (tests).
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import semver from "semver";

const root = new URL("../", import.meta.url);
const registry = (
  process.env.AUDIT_REGISTRY ||
  process.env.npm_config_registry ||
  "https://registry.npmjs.org"
).replace(/\/+$/, "");
const SERIOUS = new Set(["high", "critical"]);

/** name → installed versions, for the production dependencies of every public package. */
function installed() {
  if (process.env.AUDIT_DEPS_JSON) return JSON.parse(readFileSync(process.env.AUDIT_DEPS_JSON, "utf8"));
  const list = spawnSync(
    "pnpm",
    [
      "list",
      "--prod",
      "--recursive",
      "--depth",
      "Infinity",
      "--json",
      "--filter",
      "./packages/*",
      "--filter",
      "./apps/*",
    ],
    { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  if (list.status !== 0) {
    console.error(`audit:prod: pnpm list failed: ${(list.stderr || list.error?.message || "").slice(0, 2000)}`);
    process.exit(2);
  }
  /** @type {Record<string, string[]>} */
  const versions = {};
  const walk = (deps) => {
    for (const [name, dep] of Object.entries(deps ?? {})) {
      // Workspace packages are listed as projects of their own.
      if (!dep.version || dep.version.startsWith("link:")) continue;
      versions[name] ??= [];
      if (!versions[name].includes(dep.version)) versions[name].push(dep.version);
      walk(dep.dependencies);
    }
  };
  for (const project of JSON.parse(list.stdout)) walk(project.dependencies);
  return versions;
}

const versions = installed();
const count = Object.values(versions).reduce((n, v) => n + v.length, 0);
const endpoint = `${registry}/-/npm/v1/security/advisories/bulk`;

let response;
try {
  response = await fetch(endpoint, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(versions),
    signal: AbortSignal.timeout(60_000),
  });
} catch (e) {
  const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message;
  console.log(`audit:prod: SKIPPED, ${endpoint} cannot be reached from here (${cause})`);
  process.exit(3);
}
if (response.status === 405) {
  console.log(`audit:prod: SKIPPED, ${registry} does not serve security advisories (HTTP 405: a mirror or proxy)`);
  process.exit(3);
}
const text = await response.text();
if (!response.ok) {
  console.error(`audit:prod: ${endpoint} answered HTTP ${response.status}: ${text.slice(0, 500)}`);
  process.exit(1);
}
let advisories;
try {
  advisories = JSON.parse(text);
  if (typeof advisories !== "object" || advisories === null || Array.isArray(advisories))
    throw new Error("not an object");
} catch (e) {
  console.error(`audit:prod: the advisory answer is not a JSON object (${e.message}): ${text.slice(0, 500)}`);
  process.exit(1);
}

const findings = [];
for (const [name, list] of Object.entries(advisories)) {
  for (const advisory of Array.isArray(list) ? list : []) {
    const hit = (versions[name] ?? []).filter((version) =>
      semver.satisfies(version, advisory.vulnerable_versions ?? "*", { includePrerelease: true }),
    );
    if (hit.length) findings.push({ name, hit, ...advisory });
  }
}
for (const f of findings) {
  const line = `  ${f.severity}: ${f.name}@${f.hit.join(", ")} (vulnerable ${f.vulnerable_versions}): ${f.title} ${f.url ?? ""}`;
  if (SERIOUS.has(f.severity)) console.error(line);
  else console.log(line);
}
const serious = findings.filter((f) => SERIOUS.has(f.severity));
console.log(
  `audit:prod: ${count} package versions checked against ${registry}; ${serious.length} high or critical advisories apply` +
    (findings.length > serious.length ? ` (${findings.length - serious.length} lower, listed above)` : ""),
);
process.exit(serious.length ? 1 : 0);
