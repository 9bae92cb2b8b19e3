/**
 * The page: lists the jobs of a service principal and starts a paused or quarantined one, with a Cancel button that
 * aborts the call in flight (a pending retry wait included). Results show the request-id Graph's support asks for.
 */
import { type GraphSyncCore, isGraphSyncError, listJobs, type RetryEvent, startJob } from "@graphsync/client";
import { connect, type PageConfig } from "./connect.js";

/** A job as `listJobs` yields it. */
type SynchronizationJobLike = ReturnType<typeof listJobs> extends AsyncIterable<infer T> ? T : never;

const byId = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
};
const form = byId<HTMLFormElement>("connect");
const graphUrl = byId<HTMLInputElement>("graph-url");
const spInput = byId<HTMLInputElement>("sp");
const clientIdInput = byId<HTMLInputElement>("client-id");
const cancel = byId<HTMLButtonElement>("cancel");
const rows = byId<HTMLTableSectionElement>("jobs");
const result = byId<HTMLParagraphElement>("result");
const log = byId<HTMLOListElement>("log");

let config: PageConfig;
let current: { key: string; graph: GraphSyncCore } | undefined;
let controller: AbortController | undefined;

function note(text: string): void {
  const item = document.createElement("li");
  item.textContent = text;
  log.append(item);
}

function onRetry(event: RetryEvent): void {
  const error = event.error;
  const status = "status" in error ? `${error.status} ` : "";
  const retryAfter = "retryAfterMs" in error && error.retryAfterMs !== undefined ? `${error.retryAfterMs} ms` : "none";
  const item = document.createElement("li");
  item.className = "retry";
  item.dataset.delayMs = String(event.delayMs);
  item.textContent = `attempt ${event.attempt}: ${status}${error.code}, Retry-After ${retryAfter}; retrying in ${event.delayMs} ms`;
  log.append(item);
}

function show(text: string, options: { error?: boolean; requestId?: string | undefined } = {}): void {
  result.textContent = text;
  result.className = options.error ? "error" : "";
  if (options.requestId) result.dataset.requestId = options.requestId;
  else delete result.dataset.requestId;
}

function showError(error: unknown): void {
  if (!isGraphSyncError(error)) {
    show(error instanceof Error ? error.message : String(error), { error: true });
    return;
  }
  if (error.name === "AbortError") {
    show(`Cancelled (${error.name}): nothing more is sent for this call.`, { error: true });
    return;
  }
  const status = "status" in error ? ` ${error.status}` : "";
  const requestId = "requestId" in error ? (error.requestId as string | undefined) : undefined;
  show(`${error.name}${status} ${error.code}: ${error.message}${requestId ? ` (request-id ${requestId})` : ""}`, {
    error: true,
    requestId,
  });
}

async function client(): Promise<GraphSyncCore> {
  const key = `${graphUrl.value}\n${clientIdInput.value}`;
  if (current?.key !== key) {
    const graph = await connect({
      graphUrl: graphUrl.value.trim(),
      clientId: clientIdInput.value.trim(),
      tenant: config.tenant,
      token: config.token,
      onRetry,
    });
    current = { key, graph };
  }
  return current.graph;
}

/** Runs one call with a fresh AbortController that the Cancel button fires; failures are shown, never thrown. */
async function run(what: string, action: (graph: GraphSyncCore, signal: AbortSignal) => Promise<void>) {
  controller?.abort();
  const mine = new AbortController();
  controller = mine;
  cancel.disabled = false;
  show(`${what}…`);
  try {
    await action(await client(), mine.signal);
  } catch (error) {
    showError(error);
  } finally {
    if (controller === mine) cancel.disabled = true;
  }
}

function row(job: SynchronizationJobLike): HTMLTableRowElement {
  const tr = document.createElement("tr");
  const code = job.status?.code ?? "unknown";
  const cells = [job.id ?? "", job.templateId ?? "", code, job.status?.lastExecution?.state ?? ""];
  for (const [index, text] of cells.entries()) {
    const td = document.createElement("td");
    if (index === 0) td.append(Object.assign(document.createElement("code"), { textContent: text }));
    else td.textContent = text;
    if (index === 2) td.className = `status-${code}`;
    tr.append(td);
  }
  const button = document.createElement("button");
  button.type = "button";
  button.textContent = "Start";
  button.dataset.jobId = job.id ?? "";
  // Microsoft warns against starting a running job: start is for paused or quarantined ones.
  button.disabled = code !== "Paused" && code !== "Quarantine";
  button.addEventListener("click", () => void start(job.id ?? ""));
  const td = document.createElement("td");
  td.append(button);
  tr.append(td);
  return tr;
}

async function refresh(graph: GraphSyncCore, signal: AbortSignal): Promise<number> {
  const jobs: SynchronizationJobLike[] = [];
  for await (const job of listJobs(graph, spInput.value.trim(), { signal })) jobs.push(job);
  rows.replaceChildren(...jobs.map(row));
  return jobs.length;
}

async function start(jobId: string): Promise<void> {
  await run(`Starting ${jobId}`, async (graph, signal) => {
    const started = await startJob(graph, spInput.value.trim(), jobId, { signal });
    show(`Started ${jobId}: HTTP ${started.status}, request-id ${started.requestId ?? "(not readable)"}`, {
      requestId: started.requestId,
    });
    note(
      `start ${jobId}: ${started.status}, request-id ${started.requestId}, client-request-id ${started.clientRequestId}`,
    );
    await refresh(graph, signal).catch((error: unknown) => note(`refresh failed: ${String(error)}`));
  });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  void run("Listing jobs", async (graph, signal) => {
    const count = await refresh(graph, signal);
    show(`${count} job${count === 1 ? "" : "s"} of ${spInput.value.trim()}`);
  });
});
cancel.addEventListener("click", () => controller?.abort(new Error("cancelled on the page")));

async function main(): Promise<void> {
  config = (await (await fetch("/config.json")).json()) as PageConfig;
  const query = new URLSearchParams(location.search);
  graphUrl.value = query.get("graphUrl") ?? config.graphUrl;
  spInput.value = query.get("sp") ?? config.servicePrincipalId;
  clientIdInput.value = query.get("clientId") ?? config.clientId;
  document.body.dataset.ready = "true";
}

main().catch(showError);
