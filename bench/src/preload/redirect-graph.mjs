// Preloaded (`node --import`) into the cold-start programs: they address https://graph.microsoft.com exactly as a user's
// program would, and this sends those requests to the benchmark's loopback server instead (BENCH_GRAPH_ORIGIN). Every
// program gets the same preload, so its small cost falls on all of them alike.
const GRAPH = "https://graph.microsoft.com";
const target = process.env.BENCH_GRAPH_ORIGIN;
if (!target) throw new Error("redirect-graph: BENCH_GRAPH_ORIGIN is not set");
const platformFetch = globalThis.fetch;

globalThis.fetch = (input, init) => {
  if (typeof input === "string" || input instanceof URL) {
    const url = String(input);
    return platformFetch(url.startsWith(GRAPH) ? target + url.slice(GRAPH.length) : url, init);
  }
  // A Request (openapi-fetch passes one): the same request, another origin.
  return input.url.startsWith(GRAPH)
    ? platformFetch(new Request(target + input.url.slice(GRAPH.length), input), init)
    : platformFetch(input, init);
};
