import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

export const jobsRestart = defineCommand({
  name: "restart",
  description: "Restart a job: re-process everything, resetting what --reset-scope names.",
  graph: true,
  options: {
    sp: SP_OPTION,
    "sp-name": SP_NAME_OPTION,
    job: JOB_OPTION,
    "reset-scope": {
      type: "string",
      description:
        "Comma-separated: Watermark, Escrows, QuarantineState, Full, ForceDeletes (portal default when omitted).",
      valueHint: "scopes",
    },
  },
  conflicts: [SP_CONFLICT],
  examples: [
    "graphsync jobs restart --sp <spId> --job <jobId>",
    "graphsync jobs restart --sp <spId> --job <jobId> --reset-scope Watermark,Escrows,QuarantineState",
  ],
  load: () => import("../commands/jobs-restart.js"),
});
