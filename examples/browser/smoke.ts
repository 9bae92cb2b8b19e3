import { createGraphSyncClient, GraphError } from "@graphsync/client";
declare const GRAPH_URL: string, SP: string, JOB: string;
const [baseUrl, sp, job] = [GRAPH_URL, SP, JOB];
const graph = createGraphSyncClient({ accessToken: "graphsync-emulator-token", baseUrl });
const ids: string[] = [];
for await (const j of graph.listJobs(sp)) ids.push(j.id ?? "");
const started = await graph.startJob(sp, job);
let notFound = "";
try { await graph.getJob(sp, "nope.0"); } catch (e) { if (e instanceof GraphError) notFound = `${e.status} ${e.code} ${e.requestId}`; }
console.log(JSON.stringify({ ids, status: started.status, requestId: started.requestId, notFound }));
