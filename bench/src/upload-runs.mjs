// The runs of the upload benchmark: `graphsync upload` and the CSV2SCIM-style baseline (programs/csv2scim.mjs) as
// measured processes (wall time, peak RSS and CPU time through src/preload/peak-rss.mjs), and the emulator's
// counters of what each record became: received once, twice, or never.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HR_MAPPING, workerId } from "./hr-records.mjs";
import { cliBin, preload, programsDir } from "./paths.mjs";
import { expectSuccess, runTimed } from "./processes.mjs";

/** The bulkUpload URL of the inbound job the emulator worker announced. */
export const bulkUploadUrl = (emulator) =>
  `${emulator.graphUrl}/servicePrincipals/${emulator.inbound.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(emulator.inbound.jobId)}/bulkUpload`;

/** Runs `argv` (a node script) with the peak-RSS preload; returns the run and the process's usage. */
async function measured(argv, env, { retained }) {
  const scratch = await mkdtemp(join(tmpdir(), "graphsync-bench-upload-usage-"));
  const usageFile = join(scratch, "usage.json");
  try {
    const run = await runTimed(
      [process.execPath, ...(retained ? ["--expose-gc"] : []), "--import", preload("peak-rss"), ...argv],
      { env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile, NO_COLOR: "1" } },
    );
    const usage = run.code === 0 ? JSON.parse(await readFile(usageFile, "utf8")) : undefined;
    return { run, usage };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

const usageOf = (run, usage) => ({
  wallMs: run.ms,
  maxRssKiB: usage.maxRssKiB,
  cpuMs: usage.userMs + usage.systemMs,
  retainedHeapBytes: usage.retainedHeapBytes,
});

/**
 * `graphsync upload --sp --job --from <input> --map <mapping> --output json` against the emulator's inbound job, with
 * a fresh state directory (no checkpoint, no daily count from an earlier run); `pace`: its --pace (default: the
 * documented 40/5s). A non-zero exit throws.
 */
export async function cliUpload(emulator, { input, retained = false, pace }) {
  const scratch = await mkdtemp(join(tmpdir(), "graphsync-bench-upload-"));
  try {
    const mapFile = join(scratch, "mapping.json");
    await writeFile(mapFile, JSON.stringify(HR_MAPPING));
    const { servicePrincipalId, jobId } = emulator.inbound;
    const { run, usage } = await measured(
      [
        cliBin,
        "upload",
        "--sp",
        servicePrincipalId,
        "--job",
        jobId,
        "--from",
        input,
        "--map",
        mapFile,
        "--base-url",
        emulator.graphUrl,
        "--output",
        "json",
        ...(pace ? ["--pace", pace] : []),
      ],
      { GRAPHSYNC_TOKEN: emulator.token, XDG_STATE_HOME: join(scratch, "state") },
      { retained },
    );
    expectSuccess(run, "graphsync upload");
    const document = JSON.parse(run.stdout);
    if (!document.upload) throw new Error(`graphsync upload: no upload summary in ${run.stdout.slice(0, 300)}`);
    return { ...usageOf(run, usage), summary: document.upload };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The CSV2SCIM-style baseline on the same file and job; it exits 0 even when it lost batches (it reports them). */
export async function baselineUpload(emulator, { input, retained = false }) {
  const { run, usage } = await measured(
    [join(programsDir, "csv2scim.mjs"), input, bulkUploadUrl(emulator)],
    { GRAPH_TOKEN: emulator.token },
    { retained },
  );
  expectSuccess(run, "csv2scim baseline");
  return { ...usageOf(run, usage), summary: JSON.parse(run.stdout.trim().split("\n").at(-1)) };
}

/**
 * What the emulator received for the job, record by record: how many of the `records` generated externalIds arrived
 * exactly once, more than once, never, and how many unknown ids arrived. Only operations of accepted (202) requests
 * count: a throttled request is answered before anything in it is applied.
 */
export async function checkReceivedOnce(emulator, records) {
  const received = await emulator.receivedByExternalId();
  let once = 0;
  let twice = 0;
  let never = 0;
  let operations = 0;
  for (let i = 0; i < records; i++) {
    const n = received.get(workerId(i)) ?? 0;
    operations += n;
    if (n === 1) once++;
    else if (n === 0) never++;
    else twice++;
  }
  const unknown = received.size - (records - never);
  return { records, once, twice, never, unknown, operations, ok: once === records && unknown === 0 };
}
