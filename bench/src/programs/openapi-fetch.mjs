// Start one synchronization job with bare openapi-fetch (no types at run time, no retries, no error model).
import createClient from "openapi-fetch";

const sp = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const job = "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da";

const client = createClient({
  baseUrl: "https://graph.microsoft.com/v1.0",
  headers: { authorization: `Bearer ${process.env.GRAPH_TOKEN}` },
});
const { response } = await client.POST(
  "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/start",
  {
    params: { path: { servicePrincipalId: sp, synchronizationJobId: job } },
    headers: { "client-request-id": crypto.randomUUID() },
  },
);
if (!response.ok) throw new Error(`start failed: ${response.status}`);
console.log("started");
