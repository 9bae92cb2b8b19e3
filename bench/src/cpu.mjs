// How busy the whole machine was over an interval (every process, not only ours): 1 − idle ÷ total over all cores,
// from the kernel's per-core counters (os.cpus()).
import os from "node:os";

function totals() {
  let idle = 0;
  let total = 0;
  for (const { times } of os.cpus()) {
    idle += times.idle;
    total += times.user + times.nice + times.sys + times.idle + times.irq;
  }
  return { idle, total };
}

/** Starts a measurement; the returned function gives the busy fraction (0..1) since then. */
export function machineBusy() {
  const start = totals();
  return () => {
    const end = totals();
    const total = end.total - start.total;
    return total > 0 ? 1 - (end.idle - start.idle) / total : 0;
  };
}
