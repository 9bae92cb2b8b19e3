import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

export const explain = defineCommand({
  name: "explain",
  description: "Why was this user (not) provisioned? The latest log entries for one object, step by step, and the job.",
  graph: true,
  options: {
    sp: SP_OPTION,
    "sp-name": SP_NAME_OPTION,
    job: { ...JOB_OPTION, required: true },
    user: {
      type: "string",
      description: "The object: its id, userPrincipalName or externalId (source or target side).",
      valueHint: "id|upn|externalId",
      required: true,
    },
    top: { type: "string", description: "How many of its latest entries to read (default 5).", valueHint: "n" },
  },
  conflicts: [SP_CONFLICT],
  examples: [
    "graphsync explain --sp <spId> --job <jobId> --user alice@contoso.com",
    "graphsync explain --sp <spId> --job <jobId> --user <objectId> --output json",
  ],
  notes: [
    "Shows the latest entry's steps in order (import, scoping, matching, processing, export) with their status, the",
    "error with its category and recommended action, the modified properties, and the job's status, quarantine and",
    "last cycle. With no entry for the object it says why that may be and what to try (exit 2).",
  ],
  load: () => import("../commands/explain.js"),
});
