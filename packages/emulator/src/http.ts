/** HTTP plumbing shared by the Graph routes, the authority and the control endpoint. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { STATUS_CODES } from "node:http";
import type { Socket } from "node:net";
import { GraphHttpError, graphErrorBody } from "./errors.js";

/** What Graph sends for JSON. */
export const JSON_CONTENT_TYPE =
  "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

export const DIAGNOSTIC_HEADER = JSON.stringify({
  ServerInfo: { DataCenter: "Local", Slice: "E", Ring: "0", ScaleUnit: "000", RoleInstance: "graphsync-emulator" },
});

/** Echoed only when it is a sane header value; otherwise the request id stands in (as Graph does without one). */
export function clientRequestIdOf(req: IncomingMessage): string | undefined {
  const value = req.headers["client-request-id"];
  if (typeof value !== "string") return undefined;
  return /^[\x21-\x7e][\x20-\x7e]{0,199}$/.test(value) ? value.trimEnd() : undefined;
}

/** Reads the body up to `limit` bytes: 413 (and the connection closes) beyond it. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () =>
    new GraphHttpError({
      status: 413,
      code: "RequestEntityTooLarge",
      message: `The request body is larger than the emulator's limit of ${limit} bytes.`,
      close: true,
    });
  if (req.destroyed) return Promise.reject(new Error("the connection was closed before the body was read"));
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return Promise.reject(tooLarge());
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: unknown, body?: Buffer) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
      if (error) reject(error);
      else resolve(body ?? Buffer.alloc(0));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish(tooLarge());
      } else chunks.push(chunk);
    };
    const onEnd = () => finish(undefined, Buffer.concat(chunks, size));
    const onError = (error: Error) => finish(error);
    const onClose = () => finish(new Error("the client closed the connection before sending the whole body"));
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
    if (req.readableEnded) onEnd();
  });
}

/** Depth of JSON nesting, counted on the text (so a deeply nested body never reaches a recursive walk). */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

const MAX_JSON_DEPTH = 64;

/** Parses a JSON request body; 415, 400 with a clear message otherwise. Undefined for an empty body. */
export function parseJsonBody(req: IncomingMessage, body: Buffer): unknown {
  if (body.length === 0) return undefined;
  const type = String(req.headers["content-type"] ?? "").toLowerCase();
  const media = type.split(";")[0]?.trim() ?? "";
  if (media !== "application/json" && !media.endsWith("+json")) {
    throw new GraphHttpError({
      status: 415,
      code: "UnsupportedMediaType",
      message: `The request body must be JSON with Content-Type: application/json (got ${media ? `'${media.slice(0, 100)}'` : "no Content-Type"}).`,
    });
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw GraphHttpError.badRequest("The request body is not valid UTF-8.");
  }
  if (text.trim() === "") return undefined;
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw GraphHttpError.badRequest(`The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw GraphHttpError.badRequest(
      `Unable to read JSON request payload${position ? ` (error at position ${position})` : ""}. Please ensure Content-Type header is set and payload is of valid JSON format.`,
    );
  }
}

export interface SendOptions {
  requestId: string;
  clientRequestId: string | undefined;
  now: number;
  headers?: Record<string, string>;
  close?: boolean;
}

/** Writes a complete response with the headers every Graph answer carries. */
export function send(res: ServerResponse, status: number, body: unknown, options: SendOptions): void {
  if (res.headersSent || res.destroyed) return;
  res.statusCode = status;
  res.setHeader("request-id", options.requestId);
  res.setHeader("client-request-id", options.clientRequestId ?? options.requestId);
  res.setHeader("Date", new Date(options.now).toUTCString());
  res.setHeader("x-ms-ags-diagnostic", DIAGNOSTIC_HEADER);
  res.setHeader("OData-Version", "4.0");
  for (const [name, value] of Object.entries(options.headers ?? {})) res.setHeader(name, value);
  if (options.close) res.setHeader("Connection", "close");
  if (body === undefined) {
    res.end();
    return;
  }
  const text = typeof body === "string" ? body : JSON.stringify(body);
  if (!res.hasHeader("Content-Type")) res.setHeader("Content-Type", JSON_CONTENT_TYPE);
  res.setHeader("Content-Length", Buffer.byteLength(text));
  res.end(text);
}

/** The raw answer to a request Node could not parse (bad syntax, huge headers, timeouts): still a Graph error. */
export function clientErrorResponse(
  code: string | undefined,
  requestId: string,
  now: number,
): { status: number; raw: string; body: unknown } {
  const status =
    code === "HPE_HEADER_OVERFLOW"
      ? 431
      : code === "ERR_HTTP_REQUEST_TIMEOUT"
        ? 408
        : code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
          ? 413
          : 400;
  const message =
    status === 431
      ? "The request's headers are too large."
      : status === 408
        ? "The client did not send the whole request in time."
        : status === 413
          ? "The request's chunk extensions are too large."
          : "The request is not valid HTTP/1.1.";
  const body = graphErrorBody({
    code: status === 408 ? "RequestTimeout" : status === 431 ? "RequestHeaderFieldsTooLarge" : "BadRequest",
    message,
    requestId,
    clientRequestId: requestId,
    now,
  });
  const text = JSON.stringify(body);
  const raw =
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
    `Content-Type: ${JSON_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(text)}\r\n` +
    `request-id: ${requestId}\r\nclient-request-id: ${requestId}\r\n` +
    `Date: ${new Date(now).toUTCString()}\r\nConnection: close\r\n\r\n${text}`;
  return { status, raw, body };
}

/** Whether a response is already on its way on this socket (then a raw error would corrupt it). */
export function responseInFlight(socket: Socket): boolean {
  const message = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  return Boolean(message?.headersSent);
}
