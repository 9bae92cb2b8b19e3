// A bare node:http server on 127.0.0.1 that answers every request the way Graph answers a successful start: 204, no
// body, a request-id. No routing, no validation, no state: what is timed is the client, not a server's logic.
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";

/**
 * Starts the server. `onRequest(method, url, at)` is called when a request's headers arrive, `at` on this process's
 * performance.now() clock.
 */
export async function startLoopback({ onRequest } = {}) {
  let requests = 0;
  const server = createServer((req, res) => {
    requests++;
    onRequest?.(req.method, req.url, performance.now());
    req.resume();
    req.on("end", () => {
      const echo = req.headers["client-request-id"];
      res.writeHead(
        204,
        echo ? { "request-id": randomUUID(), "client-request-id": echo } : { "request-id": randomUUID() },
      );
      res.end();
    });
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    get requests() {
      return requests;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
