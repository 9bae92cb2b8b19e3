// Test helpers: real node:http servers on 127.0.0.1:0 and recording injected fetches. No global mocks.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createGraphSyncClient, type GraphSyncClientOptions, type RequestInitLike } from "../src/index.js";

/** Options a test may override, auth included (a test may pass a credential instead of the token). */
export type TestOptions = Partial<Record<"credential" | "accessToken", unknown>> &
  Omit<Partial<GraphSyncClientOptions>, "credential" | "accessToken">;

export const SP = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
export const JOB = "AD2AADProvisioning.fc96887f36da47508c935c28a0c0b6da";
export const TOKEN = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.canary-token-3f9a1c.sig";
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export interface Received {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

export interface TestServer {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** origin + /v1.0 */
  base: string;
  requests: Received[];
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, received: Received, index: number) => void;

/** A loopback server; the handler sees each request with its body read. Every socket is destroyed on close. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: Received[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received = {
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(received);
      handler(req, res, received, requests.length - 1);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    base: `${origin}/v1.0`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A handler that resets the connection of the first request (after reading it) and answers the others. */
export function resetFirstThen(status: number, body?: unknown): Handler {
  return (req, res, _, index) => (index === 0 ? req.socket.destroy() : reply(res, status, body));
}

/** Sends a JSON (or raw string) answer. */
export function reply(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const type = body === undefined || typeof body === "string" ? {} : { "content-type": "application/json" };
  res.writeHead(status, { ...type, ...headers });
  res.end(text);
}

export function graphErrorBody(code: string, message: string, requestId = "6f1e2d3c-4b5a-4968-8776-655443322110") {
  return {
    error: {
      code,
      message,
      innerError: { date: "2026-11-28T10:00:00", "request-id": requestId, "client-request-id": "x" },
    },
  };
}

export interface Recorded {
  url: string;
  init: RequestInitLike;
}

/** An injected fetch that records each call and answers with `respond` (a Response or a thrown error). */
export function recordingFetch(respond: (call: Recorded, index: number) => Response | Promise<Response>) {
  const calls: Recorded[] = [];
  const fetch = async (url: string, init: RequestInitLike) => {
    const call = { url, init };
    calls.push(call);
    return respond(call, calls.length - 1);
  };
  return { fetch, calls };
}

/** A client on an injected fetch with instant retries (the waits are recorded, not slept). */
export function testClient(fetch: GraphSyncClientOptions["fetch"], extra: TestOptions = {}) {
  const delays: number[] = [];
  const client = createGraphSyncClient({
    accessToken: TOKEN,
    baseUrl: "https://graph.example.test/v1.0",
    fetch,
    retry: {
      sleep: async (ms) => {
        delays.push(ms);
      },
    },
    ...extra,
  } as GraphSyncClientOptions);
  return { client, delays };
}

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });

/** Catches what a promise rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected a rejection, but the promise resolved");
}
