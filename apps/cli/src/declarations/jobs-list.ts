import { defineCommand } from "../command-spec.js";
import { SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

export const jobsList = defineCommand({
  name: "list",
  description: "List the synchronization jobs of a service principal.",
  graph: true,
  options: {
    sp: SP_OPTION,
    "sp-name": SP_NAME_OPTION,
    status: {
      type: "string",
      description:
        "Only jobs with these status codes, comma-separated: NotConfigured, NotRun, Active, Paused, Quarantine.",
      valueHint: "codes",
    },
  },
  conflicts: [SP_CONFLICT],
  examples: [
    "graphsync jobs list --sp 11111111-2222-3333-4444-555555555555",
    "graphsync jobs list --sp <spId> --output json | jq '.[].status.code'",
    "graphsync jobs list --sp <spId> --quiet          # job ids only, one per line",
    "graphsync jobs list --sp <spId> --status Paused,Quarantine -o json   # the jobs a start is meant for",
    "graphsync jobs list --emulator",
  ],
  load: () => import("../commands/jobs-list.js"),
});
