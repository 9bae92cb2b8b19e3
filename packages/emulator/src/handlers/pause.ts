import type { Handler } from "./types.js";

export const pauseJob: Handler = (core, call) => {
  core.store.pause(call.params.servicePrincipalId ?? "", call.params.synchronizationJobId ?? "");
  return { status: 204, writes: true };
};
