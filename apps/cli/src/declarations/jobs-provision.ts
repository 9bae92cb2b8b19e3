import { defineCommand } from "../command-spec.js";
import { JOB_OPTION, SP_CONFLICT, SP_NAME_OPTION, SP_OPTION } from "../options.js";

export const jobsProvision = defineCommand({
  name: "provision",
  description: "Provision users or groups now (provisionOnDemand), with a synchronization rule.",
  graph: true,
  options: {
    sp: SP_OPTION,
    "sp-name": SP_NAME_OPTION,
    job: JOB_OPTION,
    rule: { type: "string", description: "Synchronization rule id.", valueHint: "ruleId", required: true },
    subject: {
      type: "string",
      description: "Object to provision, objectId[:type] (type user, User, Worker or Group; default user). Repeatable.",
      valueHint: "objectId[:type]",
      multiple: true,
      required: true,
    },
  },
  conflicts: [SP_CONFLICT],
  examples: [
    "graphsync jobs provision --sp <spId> --job <jobId> --rule <ruleId> --subject 8d1f…:user",
    "graphsync jobs provision --sp <spId> --job <jobId> --rule <ruleId> --subject <id>:Group --subject <id2>",
  ],
  notes: ["Microsoft rate-limits provisionOnDemand to 5 requests per 10 seconds; the client waits as told."],
  load: () => import("../commands/jobs-provision.js"),
});
