/**
 * A real forward proxy on 127.0.0.1 for the proxy tests: CONNECT tunnels (https) and absolute-URL requests (http),
 * counting what passes through. `refuse` answers every request with that status instead.
 */
import { createServer, request as httpRequest, type IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";

export interface TestProxy {
  url: string;
  port: number;
  /** CONNECT targets (`host:port`), in order. */
  tunnels: string[];
  /** Absolute URLs of plain-http requests. */
  forwarded: string[];
  /** Proxy-Authorization headers received (undefined when absent). */
  authorizations: (string | undefined)[];
  close(): Promise<void>;
}

const STATUS_TEXT: Record<number, string> = { 407: "Proxy Authentication Required", 502: "Bad Gateway" };

export async function startProxy(options: { refuse?: number } = {}): Promise<TestProxy> {
  const sockets = new Set<Socket>();
  const seen = { tunnels: [] as string[], forwarded: [] as string[], authorizations: [] as (string | undefined)[] };
  const refusal = options.refuse
    ? `HTTP/1.1 ${options.refuse} ${STATUS_TEXT[options.refuse] ?? "Refused"}\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`
    : undefined;
  const server = createServer((request: IncomingMessage, response) => {
    seen.forwarded.push(request.url ?? "");
    seen.authorizations.push(request.headers["proxy-authorization"]);
    if (options.refuse) {
      response.writeHead(options.refuse, { "proxy-authenticate": 'Basic realm="test"' }).end();
      return;
    }
    const headers = { ...request.headers };
    delete headers["proxy-authorization"];
    const upstream = httpRequest(request.url ?? "", { method: request.method, headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("connect", (request: IncomingMessage, client: Socket, head: Buffer) => {
    seen.tunnels.push(request.url ?? "");
    seen.authorizations.push(request.headers["proxy-authorization"]);
    if (refusal) {
      client.end(refusal);
      return;
    }
    const [host, port] = (request.url ?? "").replace(/^\[(.*)\]/, "$1").split(/:(?=\d+$)/);
    const upstream = connect(Number(port), host === "localhost" ? "127.0.0.1" : host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    ...seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
