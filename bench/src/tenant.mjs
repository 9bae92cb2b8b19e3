// The tenant the bulk benchmarks run against: `n` Paused jobs (so that a safe start starts every one), four to a
// service principal, with deterministic ids, so that the emulator process and the input file agree without talking.
import { writeFile } from "node:fs/promises";

export const JOBS_PER_SERVICE_PRINCIPAL = 4;

const hex = (value, width) => value.toString(16).padStart(width, "0");

export function benchJobs(n) {
  const jobs = [];
  for (let i = 0; i < n; i++) {
    const sp = Math.floor(i / JOBS_PER_SERVICE_PRINCIPAL);
    jobs.push({
      servicePrincipalId: `b3e1c0de-0000-4000-8000-${hex(sp, 12)}`,
      jobId: `AD2AADProvisioning.${hex(i, 32)}`,
    });
  }
  return jobs;
}

/** The input of `graphsync jobs start --from`: CSV with a header, one record per job. */
export async function writeJobsCsv(file, jobs) {
  const lines = ["servicePrincipalId,jobId", ...jobs.map((job) => `${job.servicePrincipalId},${job.jobId}`)];
  await writeFile(file, `${lines.join("\n")}\n`);
}
