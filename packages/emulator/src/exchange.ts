/** One request and its answer: Graph answers are validated in strict mode and response faults are carried out here. */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Core } from "./core.js";
import { corsHeaders } from "./cors.js";
import { GraphHttpError, graphErrorBody } from "./errors.js";
import { defaultErrorCode, type FaultAction } from "./faults.js";
import { clientRequestIdOf, JSON_CONTENT_TYPE, send } from "./http.js";
import { GUID_PATTERN } from "./random.js";
import { componentSchema, type OperationDef, responseFor } from "./spec.js";

export type ExchangeKind = "graph" | "authority" | "control" | "preflight";

export class Exchange {
  readonly requestId: string;
  readonly clientRequestId: string | undefined;
  readonly started = performance.now();
  readonly method: string;
  /** Path and query as received, capped for logs. */
  /**
   * The request target as logs and the request journal show it: query values other than OData's `$` options redacted.
   */
  readonly rawUrl: string;
  kind: ExchangeKind = "graph";
  operation: string | undefined;
  op: OperationDef | undefined;
  faults: string[] = [];
  /** A response fault to carry out instead of the normal answer (applied requests only). */
  breakWith: FaultAction | undefined;
  status = 0;

  constructor(
    readonly core: Core,
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {
    this.requestId = core.random.uuid();
    this.clientRequestId = clientRequestIdOf(req);
    this.method = req.method ?? "GET";
    this.rawUrl = loggableTarget(req.url ?? "/").slice(0, 500);
  }

  get answered(): boolean {
    return this.res.headersSent || this.res.destroyed;
  }

  /** Destroys the connection without an answer. */
  drop(): void {
    this.status = 0;
    this.req.socket.destroy();
  }

  private validate(status: number, body: unknown): string[] {
    const { validator } = this.core;
    const op = this.op;
    const problems: string[] = [];
    if (op) {
      const declared = responseFor(op, status);
      if (!declared) {
        problems.push(`status ${status} is not declared for ${op.operationId}`);
      } else if (declared.schemaPointer === undefined) {
        if (body !== undefined)
          problems.push(`status ${status} of ${op.operationId} has no body in the spec, but one was sent`);
      } else if (body === undefined) {
        problems.push(`status ${status} of ${op.operationId} has a JSON body in the spec, but none was sent`);
      } else {
        for (const p of validator.validate(declared.schemaPointer, body))
          problems.push(`${p.path || "(body)"}: ${p.message}`);
      }
    } else {
      if (status < 400) problems.push(`status ${status} on an unknown route`);
      for (const p of validator.validate(componentSchema("odataError"), body))
        problems.push(`${p.path || "(body)"}: ${p.message}`);
    }
    if (!GUID_PATTERN.test(this.requestId)) problems.push("request-id is not a GUID");
    return problems;
  }

  /** Answers a Graph request (validated in strict mode; response faults applied). */
  answer(status: number, body: unknown, headers: Record<string, string> = {}, close = false): void {
    if (this.answered) return;
    const broken = this.breakWith;
    if (broken) {
      this.breakResponse(broken, status, body, headers);
      return;
    }
    let finalStatus = status;
    let finalBody = body;
    let finalHeaders = headers;
    if (this.core.settings.strict) {
      this.core.contract.validated++;
      const problems = this.validate(status, body);
      if (problems.length > 0) {
        const now = this.core.clock.now();
        this.core.contract.record({
          at: new Date(now).toISOString(),
          operation: this.operation,
          status,
          method: this.method,
          url: this.rawUrl,
          requestId: this.requestId,
          problems,
        });
        this.core.log({
          level: "error",
          event: "contract-violation",
          message: `response ${status} to ${this.method} ${this.rawUrl} breaks the spec: ${problems.slice(0, 3).join("; ")}`,
          requestId: this.requestId,
        });
        finalStatus = 500;
        finalHeaders = {};
        finalBody = this.errorBody(
          "EmulatorContractViolation",
          `The emulator produced a ${status} response that does not match the spec (${problems.slice(0, 3).join("; ")}). This is a bug in the emulator.`,
        );
      }
    }
    this.status = finalStatus;
    send(this.res, finalStatus, finalBody, {
      requestId: this.requestId,
      clientRequestId: this.clientRequestId,
      now: this.core.clock.now(),
      headers: { ...this.cors(), ...finalHeaders },
      close,
    });
  }

  /** CORS headers for Graph answers (none for the control endpoint and the authority). */
  private cors(): Record<string, string> {
    if (this.kind !== "graph") return {};
    const origin = this.req.headers.origin;
    return corsHeaders(this.core.corsOrigins, typeof origin === "string" ? origin : undefined);
  }

  /** Answers with a Graph error body. */
  answerError(error: GraphHttpError): void {
    if (this.kind !== "graph") {
      this.answerRaw(
        error.status,
        this.errorBody(error.code, error.message, error.target, error.details),
        error.headers,
        error.close,
      );
      return;
    }
    this.answer(
      error.status,
      this.errorBody(error.code, error.message, error.target, error.details),
      error.headers,
      error.close,
    );
  }

  errorBody(code: string, message: string, target?: string | null, details?: GraphHttpError["details"]) {
    return graphErrorBody({
      code,
      message,
      target,
      details,
      requestId: this.requestId,
      clientRequestId: this.clientRequestId ?? this.requestId,
      now: this.core.clock.now(),
    });
  }

  /** Answers without spec validation (control endpoint, authority). */
  answerRaw(status: number, body: unknown, headers: Record<string, string> = {}, close = false): void {
    if (this.answered) return;
    if (this.breakWith) {
      this.breakResponse(this.breakWith, status, body, headers);
      return;
    }
    this.status = status;
    send(this.res, status, body, {
      requestId: this.requestId,
      clientRequestId: this.clientRequestId,
      now: this.core.clock.now(),
      headers,
      close,
    });
  }

  /** Deliberately broken answers: never validated (they are meant to break clients). */
  private breakResponse(action: FaultAction, status: number, body: unknown, headers: Record<string, string>): void {
    if (action.type === "drop") {
      this.drop();
      return;
    }
    const text = body === undefined ? "" : JSON.stringify(body);
    const res = this.res;
    const common = {
      ...this.cors(),
      "request-id": this.requestId,
      "client-request-id": this.clientRequestId ?? this.requestId,
      Date: new Date(this.core.clock.now()).toUTCString(),
      "Content-Type": JSON_CONTENT_TYPE,
    };
    if (action.type === "invalid-json") {
      this.status = status === 204 ? 200 : status;
      const garbage =
        text.length > 2 ? `${text.slice(0, Math.floor(text.length / 2))}<!-- not json` : '{"value": [<!-- not json';
      res.writeHead(this.status, { ...headers, ...common, "Content-Length": Buffer.byteLength(garbage) });
      res.end(garbage);
      return;
    }
    // truncate: promise the whole body, send part of it, then cut the connection.
    const full =
      text.length > 0
        ? text
        : JSON.stringify({ value: { "@odata.type": "#microsoft.graph.stringKeyStringValuePair" } });
    const bytes = Buffer.from(full);
    const keep = Math.min(
      bytes.length - 1,
      action.type === "truncate" && action.bytes !== undefined ? action.bytes : Math.floor(bytes.length / 2),
    );
    this.status = status === 204 ? 200 : status;
    res.writeHead(this.status, { ...headers, ...common, "Content-Length": bytes.length });
    res.write(bytes.subarray(0, Math.max(0, keep)), () => this.req.socket.destroy());
  }
}

/** The error a throttle/unavailable/error fault answers with. */
export function faultError(action: FaultAction): GraphHttpError | undefined {
  const retry = (seconds: number | null | undefined, fallback: number | null): Record<string, string> => {
    const value = seconds === undefined ? fallback : seconds;
    return value === null ? {} : { "Retry-After": String(value) };
  };
  switch (action.type) {
    case "throttle":
      return new GraphHttpError({
        status: 429,
        code: "TooManyRequests",
        message: "Too many requests. Retry after the delay in the Retry-After header.",
        headers: retry(action.retryAfter, 1.5),
      });
    case "unavailable":
      return new GraphHttpError({
        status: 503,
        code: "serviceNotAvailable",
        message: "The service is temporarily unavailable. Retry after the delay in the Retry-After header.",
        headers: retry(action.retryAfter, 1.25),
      });
    case "error":
      return new GraphHttpError({
        status: action.status,
        code: action.code ?? defaultErrorCode(action.status),
        message: action.message ?? `Injected fault: ${action.status}.`,
        headers: retry(action.retryAfter, null),
      });
    default:
      return undefined;
  }
}

/**
 * The request target with the value of every query parameter that is not an OData system option (`$top`,
 * `$skiptoken`, …) replaced: Graph takes no credential in the query, but a mistaken client may send one
 * (`?access_token=…`), and logs and the request journal must not keep it.
 */
export function loggableTarget(target: string): string {
  const question = target.indexOf("?");
  if (question < 0) return target;
  const query = target
    .slice(question + 1)
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      if (equals < 0 || pair.startsWith("$") || pair.startsWith("%24")) return pair;
      return `${pair.slice(0, equals)}=[redacted]`;
    })
    .join("&");
  return `${target.slice(0, question)}?${query}`;
}
