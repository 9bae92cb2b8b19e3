/**
 * The control endpoint, `/_emulator/...`: the JavaScript API's controls over HTTP, for tests that run the emulator
 * as a separate process. It needs no token, so it answers only loopback clients (see control-guard.ts). Answers are
 * plain JSON; errors use the Graph error body.
 */
import { guardControl } from "./control-guard.js";
import type { Core } from "./core.js";
import { EmulatorError, EmulatorOptionsError, GraphHttpError } from "./errors.js";
import type { Exchange } from "./exchange.js";
import type { FaultRuleInput } from "./faults.js";
import { parseJsonBody, readBody } from "./http.js";

export const CONTROL_PREFIX = "/_emulator";

const JSON_UTF8 = "application/json; charset=utf-8";

interface ControlCall {
  core: Core;
  exchange: Exchange;
  search: URLSearchParams;
  body: () => unknown;
  ok: (status: number, value?: unknown) => void;
}

type ControlHandler = (call: ControlCall) => Promise<void> | void;
type Methods = Partial<Record<"GET" | "POST" | "PUT" | "PATCH" | "DELETE", ControlHandler>>;

function objectBody(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw GraphHttpError.badRequest(`The body must be a JSON object: ${what}.`, "(body)");
  }
  return body as Record<string, unknown>;
}

/** Runs `action`, turning the API's typed errors into 400s that name the field. */
async function asBadRequest<T>(action: () => T | Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof EmulatorOptionsError) {
      throw new GraphHttpError({ status: 400, code: error.code, message: error.message, target: error.option });
    }
    if (error instanceof EmulatorError)
      throw new GraphHttpError({ status: 400, code: error.code, message: error.message });
    throw error;
  }
}

const clockNow = ({ core, ok }: ControlCall) =>
  ok(200, { mode: core.clock.mode, now: new Date(core.clock.now()).toISOString(), nowMs: core.clock.now() });

function health({ core, ok }: ControlCall): void {
  ok(200, {
    status: "ok",
    url: core.origin,
    graphUrl: `${core.origin}/v1.0`,
    betaUrl: `${core.origin}/beta`,
    tenantId: core.store.tenantId,
    auth: core.auth.mode,
    tls: core.tls !== undefined,
    clock: { mode: core.clock.mode, now: new Date(core.clock.now()).toISOString() },
    strict: core.settings.strict,
    stateFile: core.stateFile !== undefined,
  });
}

function moveClock(how: "advance" | "set"): ControlHandler {
  return async (call) => {
    const example = how === "advance" ? '{ "ms": 60000 }' : '{ "time": "2026-11-28T11:00:00Z" }';
    const input = objectBody(call.body(), example);
    const { clock } = call.core;
    await asBadRequest(() => (how === "advance" ? clock.advance(input.ms as number) : clock.set(input.time as never)));
    if (call.core.stateFile) await call.core.persist();
    clockNow(call);
  };
}

async function addFaults({ core, body, ok }: ControlCall): Promise<void> {
  const input = body();
  const rules = Array.isArray(input) ? input : [input];
  const added: ReturnType<Core["faults"]["add"]>[] = [];
  await asBadRequest(() => {
    try {
      for (const rule of rules) added.push(core.faults.add(rule as FaultRuleInput));
    } catch (error) {
      for (const rule of added) core.faults.remove(rule.id);
      throw error;
    }
  });
  ok(201, Array.isArray(input) ? { value: added } : added[0]);
}

async function quarantine({ core, body, ok }: ControlCall): Promise<void> {
  const input = objectBody(body(), '{ "servicePrincipalId": "…", "jobId": "…", "reason": "TooManyDeletes" }');
  for (const key of ["servicePrincipalId", "jobId"] as const) {
    if (typeof input[key] !== "string") throw GraphHttpError.badRequest(`${key} is required (a string).`, key);
  }
  await asBadRequest(() =>
    core.store.quarantine(input.servicePrincipalId as string, input.jobId as string, {
      ...(input.reason !== undefined ? { reason: input.reason as never } : {}),
      ...(input.error !== undefined ? { error: input.error as never } : {}),
    }),
  );
  await core.persist();
  ok(204);
}

function patchSettings({ core, body, ok }: ControlCall): void {
  const input = objectBody(body(), '{ "startResponse": 200 }');
  for (const key of Object.keys(input)) {
    if (key !== "startResponse" && key !== "strict" && key !== "uploadDelayMs") {
      throw GraphHttpError.badRequest(
        `'${key.slice(0, 100)}' is not a setting (allowed: startResponse, strict, uploadDelayMs).`,
        key.slice(0, 100),
      );
    }
  }
  const delay = input.uploadDelayMs;
  if (delay !== undefined && (typeof delay !== "number" || !Number.isFinite(delay) || delay < 0)) {
    throw GraphHttpError.badRequest("uploadDelayMs must be a number of milliseconds >= 0.", "uploadDelayMs");
  }
  if (input.startResponse !== undefined && input.startResponse !== 200 && input.startResponse !== 204) {
    throw GraphHttpError.badRequest("startResponse must be 204 or 200.", "startResponse");
  }
  if (input.strict !== undefined && typeof input.strict !== "boolean") {
    throw GraphHttpError.badRequest("strict must be true or false.", "strict");
  }
  if (input.startResponse !== undefined) core.settings.startResponse = input.startResponse as 200 | 204;
  if (input.strict !== undefined) core.settings.strict = input.strict as boolean;
  if (delay !== undefined) core.settings.uploadDelayMs = delay as number;
  ok(200, { ...core.settings });
}

function caCertificate({ core, exchange }: ControlCall): void {
  if (!core.tls) {
    throw new GraphHttpError({
      status: 404,
      code: "ResourceNotFound",
      message: "The emulator is not serving TLS (start it with --tls).",
    });
  }
  exchange.answerRaw(200, core.tls.ca, { "Content-Type": "application/x-pem-file" });
}

/** Processes the uploads due by now (as a Graph request would), saving the state when it did. */
async function settleUploads(core: Core): Promise<void> {
  if (core.store.inbound.settle() > 0) await core.persist();
}

const CONTROL_ROUTES: Record<string, Methods> = {
  "": { GET: health },
  health: { GET: health },
  state: {
    GET: ({ core, search, ok }) =>
      ok(200, search.get("format") === "persisted" ? core.store.serialize() : core.store.exportTenant()),
    PUT: async ({ core, body, ok }) => {
      const value = body();
      await asBadRequest(() => core.store.load(value));
      await core.persist();
      ok(204);
    },
  },
  reset: {
    POST: async ({ core, ok }) => {
      await core.reset();
      ok(204);
    },
  },
  clock: { GET: clockNow },
  "clock/advance": { POST: moveClock("advance") },
  "clock/set": { POST: moveClock("set") },
  faults: {
    GET: ({ core, ok }) => ok(200, { value: core.faults.list() }),
    POST: addFaults,
    DELETE: ({ core, ok }) => {
      core.faults.clear();
      ok(204);
    },
  },
  quarantine: { POST: quarantine },
  counters: {
    GET: async ({ core, ok }) => {
      await settleUploads(core);
      ok(200, {
        requests: core.requests.summary(),
        operations: core.operationCounts.all(),
        jobs: core.store.allCounters(),
        uploads: core.store.inbound.uploads.summary(),
        contract: core.contract.summary(),
        seq: core.store.seq,
      });
    },
  },
  // Per job: accepted requests and operations, and how often each externalId arrived (a benchmark's proof).
  uploads: {
    GET: async ({ core, ok }) => {
      await settleUploads(core);
      ok(200, { value: core.store.inbound.uploads.summary(true), users: core.store.inbound.directory.size });
    },
  },
  requests: {
    GET: ({ core, ok }) => ok(200, { count: core.requests.count, value: core.requests.list() }),
    DELETE: ({ core, ok }) => {
      core.requests.clear();
      ok(204);
    },
  },
  settings: { GET: ({ core, ok }) => ok(200, { ...core.settings }), PATCH: patchSettings, PUT: patchSettings },
  "ca.pem": { GET: caCertificate },
};

function removeFault(id: string): ControlHandler {
  return ({ core, ok }) => {
    if (!core.faults.remove(id)) {
      throw new GraphHttpError({
        status: 404,
        code: "ResourceNotFound",
        message: `There is no fault rule '${id.slice(0, 100)}'.`,
        target: id.slice(0, 100),
      });
    }
    ok(204);
  };
}

function methodsOf(segments: string[], route: string): Methods | undefined {
  if (Object.hasOwn(CONTROL_ROUTES, route)) return CONTROL_ROUTES[route];
  if (segments[1] === "faults" && segments.length === 3) return { DELETE: removeFault(segments[2] ?? "") };
  return undefined;
}

export async function handleControl(core: Core, exchange: Exchange, segments: string[], search: URLSearchParams) {
  exchange.kind = "control";
  const route = segments.slice(1).join("/");
  exchange.operation = `control:${route.split("/")[0] || "root"}`;
  guardControl(exchange.req.headers, core.host);
  const raw = await readBody(exchange.req, core.limits.bodyBytes);
  const methods = methodsOf(segments, route);
  if (!methods) {
    throw new GraphHttpError({
      status: 404,
      code: "ResourceNotFound",
      message: `Unknown control endpoint '${exchange.rawUrl.split("?")[0]?.slice(0, 200)}': use health, state, reset, clock, clock/advance, clock/set, faults, faults/{id}, quarantine, counters, uploads, requests, settings or ca.pem under ${CONTROL_PREFIX}/.`,
    });
  }
  const handler = methods[exchange.method as keyof Methods];
  if (!handler) {
    // PUT on settings is accepted but not advertised.
    const allow = Object.keys(methods).filter((m) => !(route === "settings" && m === "PUT"));
    throw new GraphHttpError({
      status: 405,
      code: "MethodNotAllowed",
      message: `${exchange.method.slice(0, 20)} is not allowed on ${exchange.rawUrl.split("?")[0]}: use ${allow.join(" or ")}.`,
      headers: { Allow: allow.join(", ") },
    });
  }
  const ok = (status: number, value?: unknown) =>
    exchange.answerRaw(status, value, value === undefined ? {} : { "Content-Type": JSON_UTF8 });
  await handler({ core, exchange, search, body: () => parseJsonBody(exchange.req, raw), ok });
}
