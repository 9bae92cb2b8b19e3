/**
 * The CLI's HTTP transport: a fetch-shaped function over node:http/https. Node's global fetch loads undici and
 * compiles its WebAssembly HTTP parser on first use (about 30 ms here, a quarter of a `jobs start`); node:http uses
 * the parser built into Node. The client calls it as `fetch(url, init)` with a string URL, plain-object headers and
 * a string body, and reads `status`, `headers.get()` and `text()`: that is the whole surface implemented here.
 * Idle keep-alive sockets are unreferenced by Node's agent, so they never keep the process alive.
 */
import type { Agent, IncomingMessage, RequestOptions } from "node:http";

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

export const nodeFetch: FetchLike = async (url, init = {}) => {
  const target = new URL(url);
  const secure = target.protocol === "https:";
  if (!secure && target.protocol !== "http:") throw new TypeError(`unsupported protocol ${target.protocol}`);
  const http = secure ? await import("node:https") : await import("node:http");
  let agent = agents.get(target.protocol);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    agents.set(target.protocol, agent);
  }
  const body = init.body === undefined || init.body === null ? undefined : Buffer.from(init.body as string);
  const headers: Record<string, string> = { ...init.headers };
  if (body !== undefined) headers["content-length"] = String(body.length);
  const options: RequestOptions = {
    method: init.method ?? "GET",
    headers,
    agent,
    ...(init.signal ? { signal: init.signal } : {}),
  };
  return new Promise<ResponseLike>((resolve, reject) => {
    const request = http.request(target, options, (message) => {
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
        resolve(
          new SimpleResponse(
            message.statusCode ?? 0,
            message.statusMessage ?? "",
            new SimpleHeaders(headerPairs(message)),
            Buffer.concat(chunks).toString("utf8"),
          ),
        );
      });
    });
    request.on("error", reject);
    request.end(body);
  });
};
