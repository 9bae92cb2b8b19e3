#!/usr/bin/env node
// `pnpm --filter @graphsync/emulator test:soak`: a long run against one emulator (every operation, bad input,
// throttles and dropped connections mixed in) that prints throughput and heap use after GC as ratios, and fails
// when the heap keeps growing, a request gets a 500, or a connection is left open. The normal test suite checks the
// same kinds of traffic, far fewer of them and without measuring memory (test/robustness.test.ts).
//
// Usage: node --expose-gc scripts/soak.mjs [--requests 200000] [--concurrency 64]
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";
import { DEMO_TENANT, startEmulator } from "../dist/index.js";

const { values } = parseArgs({
  options: { requests: { type: "string", default: "200000" }, concurrency: { type: "string", default: "64" } },
});
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
if (!Number.isInteger(total) || total < 1000 || !Number.isInteger(concurrency) || concurrency < 1) {
  console.error("soak: --requests must be a whole number >= 1000 and --concurrency >= 1");
  process.exit(2);
}
if (typeof globalThis.gc !== "function") {
  console.error("soak: run with node --expose-gc (the heap is measured after a full GC)");
  process.exit(2);
}

const emulator = await startEmulator({
  clock: "manual",
  seed: "soak",
  faults: [
    { type: "throttle", probability: 0.02, retryAfter: 0.5 },
    { type: "drop", when: "after-body", probability: 0.005 },
  ],
});
const { hostname, port } = new URL(emulator.url);
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const jobs = Object.values(DEMO_TENANT.jobs);
const calls = [
  (job) => ["GET", `/v1.0/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${job.jobId}`],
  (job) => ["GET", `/beta/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs?$top=1`],
  (job) => ["POST", `/v1.0/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${job.jobId}/start`],
  (job) => ["POST", `/v1.0/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${job.jobId}/pause`],
  (job) => [
    "POST",
    `/v1.0/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${job.jobId}/restart`,
    { criteria: { resetScope: "Watermark, Escrows" } },
  ],
  (job) => [
    "POST",
    `/v1.0/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${job.jobId}/provisionOnDemand`,
    { parameters: [{ ruleId: "r", subjects: [{ objectId: crypto.randomUUID(), objectTypeName: "User" }] }] },
  ],
  () => ["GET", "/v1.0/servicePrincipals/not-a-guid/synchronization/jobs"],
  () => ["GET", "/v1.0/users"],
  (job) => [
    "POST",
    `/v1.0/servicePrincipals/${job.servicePrincipalId}/synchronization/jobs/${job.jobId}/restart`,
    { criteria: { resetScope: "Sometimes" } },
  ],
];

const statuses = new Map();
let sent = 0;
let done = 0;
const checkpoints = [];
const heap = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed;
};

function once(i) {
  const job = jobs[i % jobs.length];
  const [method, path, body] = calls[i % calls.length](job);
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      {
        host: hostname,
        port,
        method,
        path,
        agent,
        headers: {
          authorization: "Bearer soak",
          ...(text ? { "content-type": "application/json", "content-length": Buffer.byteLength(text) } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode));
      },
    );
    req.on("error", () => resolve(0));
    req.end(text);
  });
}

const started = performance.now();
let baseline;
async function worker() {
  while (sent < total) {
    const i = sent++;
    const status = await once(i);
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    done++;
    if (i % 1000 === 0) emulator.clock.advance(15_000);
    if (done === Math.floor(total / 10)) baseline = heap();
    if (done % Math.floor(total / 5) === 0) checkpoints.push(heap());
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - started) / 1000;
agent.destroy();
for (let turn = 0; turn < 1000 && emulator.connections > 0; turn++) await new Promise((r) => setImmediate(r));
const openConnections = emulator.connections;
const final = heap();
const logSize = emulator.requests.list().length;
const violations = emulator.contract.violationCount;
await emulator.close();

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
console.log(
  `requests: ${done} at concurrency ${concurrency} in ${seconds.toFixed(1)} s (${Math.round(done / seconds)} requests/s)`,
);
console.log(`statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
console.log(
  `heap after GC: baseline ${mb(baseline)} MB, checkpoints ${checkpoints.map(mb).join(" / ")} MB, final ${mb(final)} MB`,
);
console.log(`heap ratio final/baseline: ${(final / baseline).toFixed(2)}`);
console.log(`open connections after the clients left: ${openConnections}; request log entries kept: ${logSize}`);
console.log(`contract violations: ${violations}`);

const failures = [];
if (final > baseline * 1.5 && final - baseline > 16 * 1024 * 1024) failures.push("the heap kept growing");
if (statuses.has(500)) failures.push(`${statuses.get(500)} requests answered 500`);
if (openConnections > 0) failures.push(`${openConnections} connections left open`);
if (violations > 0) failures.push(`${violations} responses broke the spec`);
if (failures.length > 0) {
  console.error(`soak: FAILED: ${failures.join("; ")}`);
  process.exit(1);
}
console.log("soak: ok");
