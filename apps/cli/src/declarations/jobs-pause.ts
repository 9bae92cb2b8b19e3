import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

export const jobsPause = defineCommand({
  name: "pause",
  description: "Pause a job; all progress is kept and a later start continues from there.",
  graph: true,
  options: { sp: SP_OPTION, "sp-name": SP_NAME_OPTION, job: JOB_OPTION },
  conflicts: [SP_CONFLICT],
  examples: ["graphsync jobs pause --sp <spId> --job <jobId>"],
  load: () => import("../commands/jobs-pause.js"),
});
