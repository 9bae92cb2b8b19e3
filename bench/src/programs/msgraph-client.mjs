// Start one synchronization job with Microsoft's @microsoft/microsoft-graph-client 3.x and a trivial
// AuthenticationProvider (the SDK's documented way to hand it a token you already have).
import { Client } from "@microsoft/microsoft-graph-client";

const sp = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const job = "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da";

const client = Client.initWithMiddleware({
  authProvider: { getAccessToken: async () => process.env.GRAPH_TOKEN ?? "" },
});
await client.api(`/servicePrincipals/${sp}/synchronization/jobs/${encodeURIComponent(job)}/start`).post(undefined);
console.log("started");
