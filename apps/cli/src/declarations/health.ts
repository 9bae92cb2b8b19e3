import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_OPTION } from "../options.js";

const FROM_LISTS = "--from lists the service principal and job of each row.";

export const health = defineCommand({
  name: "health",
  description: "Check jobs: status, last export, quarantine (and days before it disables them), failures, next steps.",
  graph: true,
  options: {
    sp: {
      ...SP_OPTION,
      description: "Only this service principal's jobs (its object id). Default: every one with jobs.",
    },
    job: { ...JOB_OPTION, description: "With --sp: only this job." },
    from: {
      type: "string",
      description:
        "Check the jobs listed in a file: CSV (header servicePrincipalId,jobId), JSON or NDJSON, or - for stdin.",
      valueHint: "targets.csv|-",
    },
    "max-age": {
      type: "string",
      description:
        "A job with no successful cycle for longer is unhealthy, one with no export a warning (default 24h).",
      valueHint: "24h",
    },
    watch: {
      type: "boolean",
      description: "Check again and again: redrawn in place on a terminal, one report per check elsewhere.",
    },
    interval: {
      type: "string",
      description: "With --watch: time between checks (default 60s).",
      valueHint: "duration",
    },
  },
  requires: [
    { option: "job", needs: "sp", hint: "name the job's service principal with --sp <object id>." },
    { option: "interval", needs: "watch", hint: "add --watch to check repeatedly." },
  ],
  conflicts: [
    { options: ["sp", "from"], hint: FROM_LISTS },
    { options: ["job", "from"], hint: FROM_LISTS },
  ],
  examples: [
    "graphsync health                                   # every job of every service principal",
    "graphsync health --sp <spId> --job <jobId> --max-age 6h",
    "graphsync health --from targets.csv --output json || alert   # cron: exit 6 when a job is not healthy",
    "graphsync health --emulator --watch",
  ],
  notes: [
    "Healthy: Active, a successful cycle within --max-age, no successive complete failures. Unhealthy: Quarantine",
    "(with the restart --reset-scope that fits its reason), Paused, NotRun, NotConfigured, failing, or no successful",
    "cycle within --max-age. Warnings (exit 0): nothing exported within --max-age, entry-level errors, escrows pruned.",
    "Exit 0 when every job is healthy, 6 when any is not or could not be read. Reads 8 service principals at once.",
  ],
  load: () => import("../commands/health.js"),
});
