/**
 * The bundled client in another runtime (Deno, Bun): lists the demo jobs, starts the paused one (the emulator
 * answers 429 once first), reads a 404's GraphError; prints one JSON line. GRAPH_URL, SP and JOB are defined at bundle
 * time, so the program reads no environment, file or argument (Deno runs it with --allow-net only).
 */
import { createGraphSyncClient, GraphError } from "@graphsync/client";

declare const GRAPH_URL: string;
declare const SP: string;
declare const JOB: string;

const retries: number[] = [];
const graph = createGraphSyncClient({
  accessToken: "graphsync-emulator-token",
  baseUrl: GRAPH_URL,
  retry: { onRetry: (event) => retries.push(event.delayMs) },
});
const ids: string[] = [];
for await (const job of graph.listJobs(SP)) ids.push(job.id ?? "");
const started = await graph.startJob(SP, JOB);
let notFound: unknown;
try {
  await graph.getJob(SP, "missing.0");
} catch (error) {
  notFound =
    error instanceof GraphError ? { status: error.status, code: error.code, requestId: error.requestId } : error;
}
console.log(JSON.stringify({ ids, status: started.status, requestId: started.requestId, retries, notFound }));
