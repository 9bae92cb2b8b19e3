#!/usr/bin/env node
// `pnpm audit:prod` (part of `pnpm test`): no known high or critical advisory in what the packages ship.
// Runs `pnpm audit --prod --audit-level high --json`. When the registry's audit endpoint cannot be reached
// (an offline or filtered network answers 405 or fails to connect), it says so and exits 0: the lockfile is still
// installed frozen, and the check runs wherever the endpoint is reachable (the GitHub workflows).
import { spawnSync } from "node:child_process";

const run = spawnSync("pnpm", ["audit", "--prod", "--audit-level", "high", "--json"], {
  cwd: new URL("../", import.meta.url),
  encoding: "utf8",
  timeout: 60_000,
});
const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
if (
  /ERR_PNPM_AUDIT_BAD_RESPONSE|ERR_PNPM_AUDIT_ENDPOINT|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(output) ||
  run.error
) {
  const reason = /responded with (\d+)/.exec(output)?.[1];
  console.log(
    `audit:prod: SKIPPED, the registry's audit endpoint is unreachable from here${reason ? ` (HTTP ${reason})` : ""}`,
  );
  process.exit(0);
}
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(`audit:prod: pnpm audit printed something unexpected:\n${output.slice(0, 2000)}`);
  process.exit(1);
}
const counts = report.metadata?.vulnerabilities ?? {};
const serious = (counts.high ?? 0) + (counts.critical ?? 0);
for (const advisory of Object.values(report.advisories ?? {})) {
  if (advisory.severity === "high" || advisory.severity === "critical")
    console.error(
      `  ${advisory.severity}: ${advisory.module_name} ${advisory.vulnerable_versions}: ${advisory.title} (${advisory.url})`,
    );
}
console.log(`audit:prod: ${serious} high or critical advisories in production dependencies`, counts);
process.exit(serious ? 1 : 0);
