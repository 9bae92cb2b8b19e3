/**
 * The CLI's HTTP transport: a fetch-shaped function over node:http/https. Node's global fetch loads undici and
 * compiles its WebAssembly HTTP parser on first use (about 30 ms here, a quarter of a `jobs start`); node:http uses
 * the parser built into Node. The client calls it as `fetch(url, init)` with a string URL, plain-object headers and
 * a string body, and reads `status`, `headers.get()` and `text()`: that is the whole surface implemented here.
 * Idle keep-alive sockets are unreferenced by Node's agent, so they never keep the process alive.
 * HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured (proxy.ts says how; proxy-agent.ts tunnels).
 */
import type { Agent, IncomingMessage, RequestOptions } from "node:http";
import { type ProxyChoice, ProxyConfigError, ProxyRefusedError, proxyFor, unreachableProxy } from "./proxy.js";

export interface HeadersLike {
  get(name: string): string | null;
  entries(): IterableIterator<[string, string]>;
}

export interface ResponseLike {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeadersLike;
  text(): Promise<string>;
}

export interface RequestInitLike {
  method?: string;
  headers?: Record<string, string>;
  body?: string | ArrayBuffer | null;
  signal?: AbortSignal | null;
  redirect?: string;
}

export type FetchLike = (url: string, init?: RequestInitLike) => Promise<ResponseLike>;

/** Graph answers are small; a body past this is refused rather than buffered. */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export class SimpleHeaders implements HeadersLike {
  readonly #map = new Map<string, string>();
  constructor(pairs: Iterable<[string, string]> = []) {
    for (const [name, value] of pairs) {
      const key = name.toLowerCase();
      const existing = this.#map.get(key);
      this.#map.set(key, existing === undefined ? value : `${existing}, ${value}`);
    }
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  entries(): IterableIterator<[string, string]> {
    return this.#map.entries();
  }
}

export class SimpleResponse implements ResponseLike {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeadersLike;
  readonly #body: string;
  constructor(status: number, statusText: string, headers: HeadersLike, body: string) {
    this.status = status;
    this.statusText = statusText;
    this.headers = headers;
    this.#body = body;
  }
  async text(): Promise<string> {
    return this.#body;
  }
}

function headerPairs(message: IncomingMessage): [string, string][] {
  const pairs: [string, string][] = [];
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string]);
  return pairs;
}

const agents = new Map<string, Agent>();

async function directAgent(secure: boolean): Promise<Agent> {
  const key = secure ? "https:" : "http:";
  let agent = agents.get(key);
  if (!agent) {
    const http = secure ? await import("node:https") : await import("node:http");
    agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    agents.set(key, agent);
  }
  return agent;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Proxy problems become the client's own typed errors, which it throws at once instead of retrying: a proxy that
 * refuses (407, 403, 502) refuses the same way next time (and one silent for 30 s would make ten retries take
 * minutes), and a bad variable is a usage error naming it.
 */
async function proxyFailure(error: unknown, url: string, init: RequestInitLike): Promise<unknown> {
  const { NetworkError, ValidationError } = await import("@graphsync/client");
  if (error instanceof ProxyConfigError) {
    return new ValidationError(error.message, {
      code: "InvalidArgument",
      field: error.source,
      value: error.shown,
      expected: "an http:// proxy URL such as http://proxy.example.com:3128",
      allowed: undefined,
    });
  }
  if (error instanceof ProxyRefusedError) {
    return new NetworkError(
      error.message,
      {
        code: error.code,
        sent: false,
        tls: false,
        operation: "request",
        method: init.method ?? "GET",
        url,
        clientRequestId: init.headers?.["client-request-id"] ?? "",
        attempts: 1,
      },
      error,
    );
  }
  return error;
}

interface Route {
  options: RequestOptions;
  proxy: ProxyChoice | undefined;
}

async function routeFor(target: URL, secure: boolean, env: Env, headers: Record<string, string>): Promise<Route> {
  const proxy = proxyFor(target, env);
  if (!proxy) return { options: { headers, agent: await directAgent(secure) }, proxy };
  // Loaded only with a proxy: it brings node:https and node:tls, which a plain-http run never needs.
  const { forwardOptions, proxyAgent } = await import("./proxy-agent.js");
  if (secure) return { options: { headers, agent: proxyAgent(proxy, true) }, proxy };
  const forward = forwardOptions(proxy, target);
  return {
    options: { ...forward, headers: { ...headers, ...forward.headers }, agent: proxyAgent(proxy, false) },
    proxy,
  };
}

/** A plain-http request through a proxy that fails with one of these never reached the proxy: name it. */
const CONNECT_FAILURES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

function readBody(message: IncomingMessage, resolve: (response: ResponseLike) => void, reject: (e: Error) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  message.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) {
      message.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
      return;
    }
    chunks.push(chunk);
  });
  message.on("error", reject);
  message.on("aborted", () =>
    reject(Object.assign(new Error("the connection closed mid-response"), { code: "ECONNRESET" })),
  );
  message.on("end", () => {
    if (!message.complete) {
      reject(Object.assign(new Error("the connection closed mid-response"), { code: "ECONNRESET" }));
      return;
    }
    const headers = new SimpleHeaders(headerPairs(message));
    const text = Buffer.concat(chunks).toString("utf8");
    resolve(new SimpleResponse(message.statusCode ?? 0, message.statusMessage ?? "", headers, text));
  });
}

interface Exchange {
  target: URL;
  secure: boolean;
  options: RequestOptions;
  body: Buffer | undefined;
  proxy: ProxyChoice | undefined;
}

async function exchange({ target, secure, options, body, proxy }: Exchange): Promise<ResponseLike> {
  const http = secure ? await import("node:https") : await import("node:http");
  // Plain http through a proxy goes to the proxy: the options carry its address and the absolute URL.
  const forwarded = proxy !== undefined && !secure;
  return new Promise<ResponseLike>((resolve, reject) => {
    const onResponse = (message: IncomingMessage) => {
      if (forwarded && message.statusCode === 407) {
        message.resume();
        reject(new ProxyRefusedError(proxy, target.host, { status: 407, statusText: message.statusMessage ?? "" }));
        return;
      }
      readBody(message, resolve, reject);
    };
    const request = forwarded ? http.request(options, onResponse) : http.request(target, options, onResponse);
    request.on("error", (error: Error & { code?: string }) => {
      reject(forwarded && CONNECT_FAILURES.has(error.code ?? "") ? unreachableProxy(proxy, error) : error);
    });
    request.end(body);
  });
}

/** The transport, reading the proxy variables from `env()` at each request. */
export function createNodeFetch(env: () => Env): FetchLike {
  return async (url, init = {}) => {
    const target = new URL(url);
    const secure = target.protocol === "https:";
    if (!secure && target.protocol !== "http:") throw new TypeError(`unsupported protocol ${target.protocol}`);
    const body = init.body === undefined || init.body === null ? undefined : Buffer.from(init.body as string);
    const headers: Record<string, string> = { ...init.headers };
    if (body !== undefined) headers["content-length"] = String(body.length);
    try {
      const route = await routeFor(target, secure, env(), headers);
      const options: RequestOptions = {
        method: init.method ?? "GET",
        ...route.options,
        ...(init.signal ? { signal: init.signal } : {}),
      };
      return await exchange({ target, secure, options, body, proxy: route.proxy });
    } catch (error) {
      throw await proxyFailure(error, url, init);
    }
  };
}

/** The CLI's transport: the process environment's proxy settings, read at each request. */
export const nodeFetch: FetchLike = createNodeFetch(() => process.env);
