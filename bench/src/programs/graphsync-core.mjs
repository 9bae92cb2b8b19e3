// Start one synchronization job with @graphsync/client written for the smallest bundle: createGraphSyncCore and the
// startJob function (the same checks, retries and typed errors; the bundle holds only the functions called).
import { createGraphSyncCore, startJob } from "@graphsync/client";

const graph = createGraphSyncCore({ accessToken: process.env.GRAPH_TOKEN ?? "" });
await startJob(graph, "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da");
console.log("started");
