// The emulator as its own process for the benchmarks, through @graphsync/emulator's documented API (the
// `graphsync-emulator` command cannot seed a tenant in memory or size the request log). Usage:
//   node emulator.mjs '{"jobs": 1000, "seed": "bench", "requestLog": 1000, "limits": {…}}'
// jobs: that many Paused jobs (src/tenant.mjs); 0 or absent: the demo tenant. limits: the emulator's (requestLog
// overrides its namesake). Prints one JSON line when ready ({ url, graphUrl, token, pid, inbound }, inbound being the
// demo tenant's API-driven inbound provisioning job); answers each JSON line on stdin with one JSON line: {"usage": true} gives its CPU
// time and peak RSS so far. Everything else goes through the emulator's own control endpoint (/_emulator/...).
// Stops on SIGTERM or when stdin closes.
import { createDemoTenant, DEMO_TENANT, startEmulator } from "@graphsync/emulator";
import { benchJobs } from "../tenant.mjs";

const config = JSON.parse(process.argv[2] ?? "{}");
/** The demo tenant's API-driven inbound provisioning job (bulkUpload). */
const INBOUND = DEMO_TENANT.jobs.inbound;

function tenant(n) {
  const demo = createDemoTenant(Date.now());
  const template = demo.servicePrincipals
    .find((sp) => sp.id === DEMO_TENANT.jobs.paused.servicePrincipalId)
    ?.jobs.find((job) => job.id === DEMO_TENANT.jobs.paused.jobId);
  if (!template) throw new Error("emulator worker: the demo tenant has no paused job to copy");
  const servicePrincipals = new Map();
  for (const { servicePrincipalId, jobId } of benchJobs(n)) {
    if (!servicePrincipals.has(servicePrincipalId)) {
      servicePrincipals.set(servicePrincipalId, { id: servicePrincipalId, displayName: "bench", jobs: [] });
    }
    servicePrincipals.get(servicePrincipalId).jobs.push({ ...structuredClone(template), id: jobId });
  }
  return { servicePrincipals: [...servicePrincipals.values()] };
}

const emulator = await startEmulator({
  port: 0,
  ...(config.jobs ? { state: tenant(config.jobs) } : {}),
  ...(config.seed !== undefined ? { seed: config.seed } : {}),
  limits: { ...config.limits, ...(config.requestLog ? { requestLog: config.requestLog } : {}) },
});
process.stdout.write(
  `${JSON.stringify({ url: emulator.url, graphUrl: emulator.graphUrl(), token: emulator.token, pid: process.pid, inbound: INBOUND })}\n`,
);

process.stdin.setEncoding("utf8");
let buffered = "";
process.stdin.on("data", (chunk) => {
  buffered += chunk;
  for (let newline = buffered.indexOf("\n"); newline !== -1; newline = buffered.indexOf("\n")) {
    buffered = buffered.slice(newline + 1);
    const usage = process.resourceUsage();
    process.stdout.write(
      `${JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKiB: usage.maxRSS })}\n`,
    );
  }
});
const stop = () => emulator.close().then(() => process.exit(0));
process.stdin.on("end", stop);
process.on("SIGTERM", stop);
