// Start one synchronization job with the platform's fetch and nothing else: the floor every client is measured against.
const sp = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const job = "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da";

const response = await fetch(
  `https://graph.microsoft.com/v1.0/servicePrincipals/${sp}/synchronization/jobs/${encodeURIComponent(job)}/start`,
  {
    method: "POST",
    headers: { authorization: `Bearer ${process.env.GRAPH_TOKEN}`, "client-request-id": crypto.randomUUID() },
  },
);
await response.text();
if (!response.ok) throw new Error(`start failed: ${response.status}`);
console.log("started");
