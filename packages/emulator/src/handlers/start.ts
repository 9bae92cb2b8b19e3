/** POST …/start: 204 like the live service, or 200 with the seed's `{ value }` body when configured. */
import { type Handler, metadata } from "./types.js";

export const startJob: Handler = (core, call) => {
  const jobId = call.params.synchronizationJobId ?? "";
  const { repeated } = core.store.start(call.params.servicePrincipalId ?? "", jobId);
  if (repeated) {
    core.log({
      level: "warn",
      event: "repeated-start",
      message: `start of ${jobId}, which is already Active (the service warns that repeated starts can stop it)`,
    });
  }
  if (core.settings.startResponse === 204) return { status: 204, writes: true };
  return {
    status: 200,
    body: {
      "@odata.context": metadata(core, call, "microsoft.graph.stringKeyStringValuePair"),
      value: { "@odata.type": "#microsoft.graph.stringKeyStringValuePair", key: "status", value: "Active" },
    },
    writes: true,
  };
};
