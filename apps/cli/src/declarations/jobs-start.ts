import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

const FROM_READS_IDS = "--from reads the service principal and job of each record from the file.";

export const jobsStart = defineCommand({
  name: "start",
  description: "Start (resume) a Paused or Quarantine job; safe by default. Or many, with --from.",
  graph: true,
  options: {
    sp: SP_OPTION,
    "sp-name": SP_NAME_OPTION,
    job: JOB_OPTION,
    from: {
      type: "string",
      description: "Start many: a CSV (header servicePrincipalId,jobId), JSON array or NDJSON file, or - for stdin.",
      valueHint: "file|-",
    },
    concurrency: {
      type: "string",
      description: "With --from: how many jobs are handled at once, 1-64 (default 4).",
      valueHint: "n",
    },
    force: {
      type: "boolean",
      description: "Start even when the job is Active (Microsoft warns this can make the service stop it).",
    },
    "skip-running": {
      type: "boolean",
      description: "With --from: count an Active job as done (already-running, exit 0) instead of refusing it.",
    },
    wait: { type: "boolean", description: "After starting, follow the job until it runs or is quarantined." },
    timeout: {
      type: "string",
      description: "With --wait: give up after this long (exit 5), e.g. 30s, 10m, 1h (default 10m).",
      valueHint: "duration",
    },
  },
  requires: [
    { option: "timeout", needs: "wait", hint: "add --wait to follow the job after starting it." },
    { option: "concurrency", needs: "from", hint: "a single start has nothing to run in parallel." },
    {
      option: "skip-running",
      needs: "from",
      hint: "a single start of an Active job is refused (exit 1); 'graphsync jobs get' shows whether it runs.",
    },
  ],
  conflicts: [
    SP_CONFLICT,
    {
      options: ["skip-running", "force"],
      hint: "--force starts an Active job; --skip-running leaves it alone: choose one.",
    },
    { options: ["sp", "from"], hint: FROM_READS_IDS },
    { options: ["sp-name", "from"], hint: FROM_READS_IDS },
    { options: ["job", "from"], hint: FROM_READS_IDS },
    {
      options: ["wait", "from"],
      hint: "--wait follows one job; after a bulk start, follow jobs with 'graphsync jobs get'.",
    },
  ],
  examples: [
    "graphsync jobs start --sp <spId> --job <jobId>",
    "graphsync jobs start --sp <spId> --job <jobId> --wait --timeout 5m",
    "graphsync jobs start --sp <spId> --job <jobId> --dry-run     # print the requests, send nothing",
    "graphsync jobs start --from jobs.csv --concurrency 8 --output json > results.ndjson",
    "graphsync jobs start --from jobs.csv --skip-running     # rerun after failures: starts only what is not running",
    "graphsync jobs list --sp <spId> --status Paused,Quarantine -o json | jq -c '.[] | {servicePrincipalId: \"<spId>\", jobId: .id}' | graphsync jobs start --from -",
    "graphsync jobs start --emulator --job <jobId> --wait",
  ],
  notes: [
    "Safe start: the job is read first. Paused and Quarantine jobs are started (that is what start is for),",
    "a NotRun job too (its first run). An Active job is not started (exit 1) unless --force: Microsoft warns",
    "that repeated starts on a running job can make the service stop it. A NotConfigured job is not started",
    "either (exit 1; set up its provisioning first) unless --force. With --from, each record is handled the",
    "same way; malformed input stops the run with exit 2 (a file is checked completely before anything is sent).",
    "When a start's answer is lost (the connection failed after the request may have reached the service), the job",
    "is read back and reported as started or not; the start is never sent again on that evidence alone.",
  ],
  load: () => import("../commands/jobs-start.js"),
});
