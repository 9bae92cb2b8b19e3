// Runs the emulator in its own process (workers/emulator.mjs) and talks to it: its control endpoint for state,
// faults, counters and the request log; its stdin for its CPU time.

import { worker } from "./paths.mjs";
import { startService } from "./processes.mjs";

export async function startBenchEmulator(config = {}) {
  const service = await startService([process.execPath, worker("emulator"), JSON.stringify(config)], {
    label: "emulator",
  });
  const { url, graphUrl, token, pid, inbound } = service.info;

  async function control(method, path, body) {
    const response = await fetch(`${url}/_emulator/${path}`, {
      method,
      ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator control ${method} ${path}: ${response.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : undefined;
  }

  return {
    url,
    graphUrl,
    token,
    pid,
    /** The inbound provisioning job ({ servicePrincipalId, jobId }) bulkUpload goes to. */
    inbound,
    control,
    /** How many times each externalId arrived in an accepted bulkUpload request since the last reset. */
    receivedByExternalId: async () => receivedCounts(await control("GET", "uploads"), inbound),
    /** CPU time (user + system, ms) and peak RSS (KiB) of the emulator process so far. */
    usage: () => service.send({ usage: true }),
    /** Back to the seeded tenant: every job Paused, counters, faults and the request log cleared. */
    reset: () => control("POST", "reset"),
    stop: () => service.stop(),
  };
}

/** The per-externalId receive counts of one job in the control endpoint's upload counters (none yet: empty). */
function receivedCounts(uploads, { servicePrincipalId, jobId }) {
  const same = (a, b) => a.toLowerCase() === b.toLowerCase();
  const job = uploads.value.find((c) => same(c.servicePrincipalId, servicePrincipalId) && same(c.jobId, jobId));
  return new Map(job?.received ?? []);
}
