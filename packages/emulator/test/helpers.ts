/** Test helpers: emulators on 127.0.0.1:0 with a manual clock, raw fetch calls, and an independent spec validator. */
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { openapiDocument } from "@graphsync/types/spec";
import { Ajv2020 } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";
import { DEMO_TENANT, type Emulator, type EmulatorOptions, startEmulator } from "../src/index.js";

const started: Emulator[] = [];

/** Every emulator a test file started (setup.ts checks their contract stats after the file). */
export function startedEmulators(): Emulator[] {
  return started;
}

/** An emulator with a manual clock and a fixed seed unless the test says otherwise. */
export async function start(options: EmulatorOptions = {}): Promise<Emulator> {
  const emulator = await startEmulator({ clock: "manual", seed: "graphsync-tests", ...options });
  started.push(emulator);
  return emulator;
}

export const SP = DEMO_TENANT.servicePrincipalId;
export const JOBS = DEMO_TENANT.jobs;

export function jobPath(ref: { servicePrincipalId: string; jobId: string }, action?: string): string {
  const base = `/servicePrincipals/${ref.servicePrincipalId}/synchronization/jobs/${encodeURIComponent(ref.jobId)}`;
  return action ? `${base}/${action}` : base;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: test replies are inspected freely
  json: any;
}

export interface CallOptions {
  body?: unknown;
  /** Raw body text (sent as is). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** null: no Authorization header. Default: the emulator's token. */
  token?: string | null;
  version?: "v1.0" | "beta";
}

/** A Graph call with fetch. `path` is relative to the Graph root, or an absolute URL. */
export async function call(
  emulator: Emulator,
  method: string,
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const url = path.startsWith("http") ? path : `${emulator.graphUrl(options.version ?? "v1.0")}${path}`;
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? emulator.token : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers["content-type"] ??= "application/json";
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** A control-endpoint call. */
export async function control(emulator: Emulator, method: string, path: string, body?: unknown): Promise<Reply> {
  return call(emulator, method, `${emulator.url}/_emulator/${path}`, { body, token: null });
}

export interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http, for methods and headers fetch refuses. */
export function rawRequest(
  emulator: Emulator,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<RawReply> {
  const url = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

// An independent check against the spec (the emulator validates itself in strict mode; this is the test's own).
const ajv = new Ajv2020({ allErrors: true, strictSchema: false, strictTypes: false });
type Plugin = (a: Ajv2020) => Ajv2020;
((formatsModule as unknown as { default?: Plugin }).default ?? (formatsModule as unknown as Plugin))(ajv);
ajv.addSchema({ ...openapiDocument, $id: "urn:test:spec" }, undefined, undefined, false);

/** Errors of `value` against a component schema of the spec ([] when valid). */
export function specErrors(schema: string, value: unknown): string[] {
  const validate =
    ajv.getSchema(`urn:test:spec#/components/schemas/${schema}`) ??
    ajv.compile({ $ref: `urn:test:spec#/components/schemas/${schema}` });
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A well-formed Graph error: valid odataError, innerError ids matching the headers. */
export function expectGraphError(
  reply: { status: number; headers: Headers | IncomingHttpHeaders; json?: unknown; body?: string },
  code?: string,
): void {
  const json = reply.json ?? JSON.parse(reply.body ?? "");
  const errors = specErrors("odataError", json);
  if (errors.length > 0) throw new Error(`not a Graph error: ${errors.join("; ")}: ${JSON.stringify(json)}`);
  const get = (name: string) =>
    reply.headers instanceof Headers ? reply.headers.get(name) : (reply.headers[name] as string | undefined);
  const requestId = get("request-id");
  if (!requestId || !GUID.test(requestId)) throw new Error(`request-id header ${requestId} is not a GUID`);
  if (json.error.innerError["request-id"] !== requestId)
    throw new Error("innerError request-id differs from the header");
  if (code !== undefined && json.error.code !== code)
    throw new Error(`expected code ${code}, got ${json.error.code}: ${json.error.message}`);
}
