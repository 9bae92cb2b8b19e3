import type { SynchronizationJobApplicationParameters } from "@graphsync/types";
import { type Handler, metadata } from "./types.js";

export const provisionOnDemand: Handler = (core, call) => {
  const parameters = (call.body as { parameters: SynchronizationJobApplicationParameters[] }).parameters;
  const sp = call.params.servicePrincipalId ?? "";
  const result = core.store.provision(sp, call.params.synchronizationJobId ?? "", parameters);
  return {
    status: 200,
    body: {
      "@odata.context": metadata(core, call, "microsoft.graph.stringKeyStringValuePair"),
      key: result.key,
      value: result.value,
    },
    writes: true,
  };
};
