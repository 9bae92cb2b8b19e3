import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

export const jobsGet = defineCommand({
  name: "get",
  description: "Show one synchronization job: status, schedule, last execution, quarantine.",
  graph: true,
  options: { sp: SP_OPTION, "sp-name": SP_NAME_OPTION, job: JOB_OPTION },
  conflicts: [SP_CONFLICT],
  examples: [
    "graphsync jobs get --sp <spId> --job <jobId>",
    "graphsync jobs get --sp <spId> --job <jobId> --output json",
  ],
  load: () => import("../commands/jobs-get.js"),
});
