/**
 * Requests through an HTTP proxy with node:http alone (no dependency; undici's EnvHttpProxyAgent would need undici
 * fetch, which the CLI avoids for start-up time, see transport.ts):
 * - https: an HTTP CONNECT tunnel to the proxy, then TLS over that socket with the target's name (the proxy sees
 *   only the host and port). The agent pools the tunnelled TLS sockets like any keep-alive socket.
 * - http: the request goes to the proxy with the absolute URL as its path.
 */
import { type ClientRequestArgs, Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { isIP, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import { connect as tlsConnect } from "node:tls";
import { CONNECT_TIMEOUT_MS, type ProxyChoice, ProxyRefusedError, unreachableProxy } from "./proxy.js";

const authorityOf = (host: string, port: number | string) => `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;

function openTunnel(proxy: ProxyChoice, host: string, port: number | string): Promise<Socket> {
  const target = authorityOf(host, port);
  return new Promise((resolve, reject) => {
    const connect = httpRequest({
      host: proxy.url.hostname.replace(/^\[(.*)\]$/, "$1"),
      port: proxy.url.port || 80,
      method: "CONNECT",
      path: target,
      headers: { host: target, ...(proxy.authorization ? { "proxy-authorization": proxy.authorization } : {}) },
      agent: false,
      timeout: CONNECT_TIMEOUT_MS,
    });
    connect.once("connect", (response: IncomingMessage, socket: Socket) => {
      if (response.statusCode === 200) {
        resolve(socket);
        return;
      }
      socket.destroy();
      const status = response.statusCode ?? 0;
      reject(new ProxyRefusedError(proxy, target, { status, statusText: response.statusMessage ?? "" }));
    });
    connect.once("timeout", () => {
      reject(new ProxyRefusedError(proxy, target, "timeout"));
      connect.destroy();
    });
    connect.once("error", (error) => reject(unreachableProxy(proxy, error)));
    connect.end();
  });
}

/** An https agent whose sockets are TLS over a CONNECT tunnel. */
class TunnelAgent extends HttpsAgent {
  readonly #proxy: ProxyChoice;
  constructor(proxy: ProxyChoice) {
    super({ keepAlive: true, maxSockets: 64 });
    this.#proxy = proxy;
  }
  override createConnection(
    options: ClientRequestArgs,
    callback?: (error: Error | null, socket: Duplex) => void,
  ): Duplex | null | undefined {
    const host = options.host ?? options.hostname ?? "localhost";
    const done = callback ?? (() => {});
    openTunnel(this.#proxy, host, options.port ?? 443).then(
      (socket) => {
        // The certificate is checked against the target's name, exactly as without a proxy.
        const servername = (options as { servername?: string }).servername || (isIP(host) ? undefined : host);
        done(null, tlsConnect({ ...(options as object), host, socket, ...(servername ? { servername } : {}) }));
      },
      (error: Error) => done(error, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

const agents = new Map<string, HttpAgent>();

/** The agent for requests through this proxy (one per proxy and protocol, reused for keep-alive). */
export function proxyAgent(proxy: ProxyChoice, secure: boolean): HttpAgent {
  const key = `${secure ? "https" : "http"} ${proxy.url.href} ${proxy.authorization ?? ""}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = secure ? new TunnelAgent(proxy) : new HttpAgent({ keepAlive: true, maxSockets: 64 });
    agents.set(key, agent);
  }
  return agent;
}

/** Request options for plain http through the proxy: the proxy's address, the absolute URL as the path. */
export function forwardOptions(
  proxy: ProxyChoice,
  target: URL,
): Pick<ClientRequestArgs, "host" | "port" | "path"> & {
  headers: Record<string, string>;
} {
  return {
    host: proxy.url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: proxy.url.port || 80,
    path: target.href,
    headers: {
      host: target.host,
      ...(proxy.authorization ? { "proxy-authorization": proxy.authorization } : {}),
    },
  };
}
