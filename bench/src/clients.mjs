// The clients compared, in the order every table lists them. `program` is the file under bench/src/programs/ that starts
// one job with that client, as a user would write it; the bundle-size and cold-start benchmarks both use it.
export const CLIENTS = [
  { id: "fetch", label: "raw fetch", program: "fetch.mjs" },
  { id: "openapi-fetch", label: "openapi-fetch (bare)", program: "openapi-fetch.mjs" },
  { id: "graphsync", label: "@graphsync/client", program: "graphsync.mjs" },
  { id: "msgraph-client", label: "@microsoft/microsoft-graph-client", program: "msgraph-client.mjs" },
];

export const clientLabel = (id) => CLIENTS.find((client) => client.id === id)?.label ?? id;
