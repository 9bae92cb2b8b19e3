// A recording forwarder on 127.0.0.1: passes every request to another origin unchanged and notes when each one
// arrived (performance.now() of this process). The cold-start benchmark puts it in front of the emulator to see when
// `graphsync jobs start` sends its start request, on the same clock as the spawn. It costs each request one more
// loopback hop (a fraction of a millisecond), which is included in that command's times.
import { Agent, createServer, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";

// `intercept(req, res, now)` may answer a request itself (returning true) instead of forwarding it: the health
// benchmark's read limit does so.
export async function startForwarder(target, { onRequest, intercept } = {}) {
  const to = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const now = performance.now();
    if (intercept?.(req, res, now)) return;
    onRequest?.(req.method, req.url, now);
    const upstream = httpRequest(
      {
        host: to.hostname,
        port: to.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: to.host },
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    close() {
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
