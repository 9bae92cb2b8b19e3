import { defineCommand } from "../command-spec.js";
import { COMMON_OPTIONS, JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

export const LOGS_OUTPUT_FORMATS = ["table", "json", "csv", "tsv", "none"] as const;

export const logs = defineCommand({
  name: "logs",
  description: "Read the provisioning logs: what each cycle did to each object, filtered, as a table, NDJSON or CSV.",
  graph: true,
  options: {
    sp: {
      ...SP_OPTION,
      description: "Service principal: its object id (the logs name it so). Defaults to the demo one with --emulator.",
      valueHint: "servicePrincipalId",
    },
    "sp-name": SP_NAME_OPTION,
    job: { ...JOB_OPTION, description: "Only this job's entries." },
    user: {
      type: "string",
      description: "Only this object: its id, userPrincipalName or externalId (source or target side).",
      valueHint: "id|upn|externalId",
    },
    cycle: { type: "string", description: "Only this cycle's entries (cycleId).", valueHint: "cycleId" },
    status: {
      type: "string",
      description: "Only these results, comma-separated: success, failure, skipped, warning.",
      valueHint: "status",
    },
    action: {
      type: "string",
      description: "Only these actions, comma-separated: create, update, delete, disable, stagedDelete, other.",
      valueHint: "action",
    },
    since: {
      type: "string",
      description: "Only entries since then: how long ago (30m, 2h, 7d, 1w) or an ISO 8601 date or date-time.",
      valueHint: "2h|date",
    },
    top: { type: "string", description: "At most this many entries, newest first.", valueHint: "n" },
    summary: {
      type: "boolean",
      description: "Count the entries by status and group the failures by errorCode, with an example each.",
    },
    output: {
      ...COMMON_OPTIONS.output,
      description:
        "A table for people, NDJSON (one entry per line) for scripts, CSV (one row per entry, RFC 4180), tsv or none.",
      valueHint: LOGS_OUTPUT_FORMATS.join("|"),
      choices: LOGS_OUTPUT_FORMATS,
    },
  },
  conflicts: [SP_CONFLICT],
  examples: [
    "graphsync logs --sp <spId> --job <jobId> --status failure --since 24h",
    "graphsync logs --sp <spId> --user alice@contoso.com --top 5",
    "graphsync logs --sp <spId> --job <jobId> --since 7d --summary",
    "graphsync logs --sp <spId> --since 2026-11-28 --output csv > provisioning.csv",
    "graphsync logs --emulator --since 1h",
  ],
  notes: [
    "Entries are newest first; every page is read (@odata.nextLink). The service allows 5 requests per 10 seconds:",
    "graphsync keeps under that itself and waits as a 429's Retry-After says. The service keeps entries 7 days",
    "(30 with Entra ID P1/P2). CSV and NDJSON are written as the entries arrive: memory stays flat however many.",
    "A --user that matches no entry is an error (exit 2) that says what the value is compared with.",
  ],
  load: () => import("../commands/logs.js"),
});
