/** The command tree: groups and the commands' declarations. Routing, parsing and help all read it. */
import { defineCommand } from "../command-spec.js";
import { apply } from "./apply.js";
import { demo } from "./demo.js";
import { emulator } from "./emulator.js";
import { explain } from "./explain.js";
import { health } from "./health.js";
import { jobsGet } from "./jobs-get.js";
import { jobsList } from "./jobs-list.js";
import { jobsPause } from "./jobs-pause.js";
import { jobsProvision } from "./jobs-provision.js";
import { jobsRestart } from "./jobs-restart.js";
import { jobsStart } from "./jobs-start.js";
import { logs } from "./logs.js";
import { schema } from "./schema.js";
import { credentials, jobsCreate, jobsDelete, secrets, templates } from "./setup.js";
import { upload } from "./upload.js";

const jobs = defineCommand({
  name: "jobs",
  description: "List, inspect, start, pause, restart and provision synchronization jobs.",
  examples: [
    "graphsync jobs list --sp 11111111-2222-3333-4444-555555555555",
    "graphsync jobs start --sp <spId> --job scim.e4bbf44533ea4eabb17027f3a92e92aa --wait --timeout 5m",
    "graphsync jobs list --emulator",
  ],
  notes: ["Try any jobs command without an Azure account by adding --emulator."],
  children: {
    list: jobsList,
    get: jobsGet,
    start: jobsStart,
    pause: jobsPause,
    restart: jobsRestart,
    provision: jobsProvision,
    create: jobsCreate,
    delete: jobsDelete,
  },
});

export const commandTree = defineCommand({
  name: "graphsync",
  description: "Start, inspect and manage Microsoft Graph synchronization (provisioning) jobs.",
  options: { version: { type: "boolean", alias: "v", description: "Print the version." } },
  examples: [
    "graphsync demo                                   # a real flow on an embedded emulator, no account needed",
    "graphsync jobs list --sp <servicePrincipalId>",
    "graphsync jobs start --sp <servicePrincipalId> --job <jobId> --wait",
    "graphsync jobs start --from jobs.csv --concurrency 8 --output json",
    "graphsync upload --sp <servicePrincipalId> --job <jobId> --from workers.csv --map mapping.json --wait",
  ],
  notes: [
    "Exit codes: 0 success, 1 operation failed, 2 usage error, 3 authentication/authorization, 4 not found,",
    "5 throttled or timed out, 6 a job is not healthy (health), 130 interrupted, 141 output closed before the end",
    "(| head).",
  ],
  children: {
    jobs,
    upload,
    logs,
    explain,
    health,
    templates,
    secrets,
    credentials,
    schema,
    apply,
    emulator,
    demo,
  },
});
