/**
 * The control endpoint, `/_emulator/...`: the same controls as the JavaScript API, over HTTP, for tests that run
 * the emulator as a separate process (health, state, clock, faults, counters, request log, reset, settings, CA).
 * It needs no token: keep the emulator on loopback. Its answers are plain JSON; its errors use the Graph error body.
 */
import type { Core } from "./core.js";
import { EmulatorError, EmulatorOptionsError, GraphHttpError } from "./errors.js";
import type { Exchange } from "./exchange.js";
import type { FaultRuleInput } from "./faults.js";
import { parseJsonBody, readBody } from "./http.js";

export const CONTROL_PREFIX = "/_emulator";

const JSON_UTF8 = "application/json; charset=utf-8";

function methodNotAllowed(exchange: Exchange, allow: string[]): never {
  throw new GraphHttpError({
    status: 405,
    code: "MethodNotAllowed",
    message: `${exchange.method.slice(0, 20)} is not allowed on ${exchange.rawUrl.split("?")[0]}: use ${allow.join(" or ")}.`,
    headers: { Allow: allow.join(", ") },
  });
}

function objectBody(body: unknown, what: string): Record<string, unknown> {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw GraphHttpError.badRequest(`The body must be a JSON object: ${what}.`, "(body)");
  }
  return body as Record<string, unknown>;
}

/** Turns the typed errors of the API into 400s that name the field. */
function asBadRequest(error: unknown): never {
  if (error instanceof EmulatorOptionsError) {
    throw new GraphHttpError({ status: 400, code: error.code, message: error.message, target: error.option });
  }
  if (error instanceof EmulatorError) {
    throw new GraphHttpError({ status: 400, code: error.code, message: error.message });
  }
  throw error;
}

export async function handleControl(core: Core, exchange: Exchange, segments: string[], search: URLSearchParams) {
  exchange.kind = "control";
  const raw = await readBody(exchange.req, core.limits.bodyBytes);
  const body = () => parseJsonBody(exchange.req, raw);
  const route = segments.slice(1).join("/");
  const method = exchange.method;
  const ok = (status: number, value?: unknown) =>
    exchange.answerRaw(status, value, value === undefined ? {} : { "Content-Type": JSON_UTF8 });
  exchange.operation = `control:${route.split("/")[0] || "root"}`;

  switch (route) {
    case "":
    case "health": {
      if (method !== "GET") methodNotAllowed(exchange, ["GET"]);
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
      return;
    }
    case "state": {
      if (method === "GET") {
        ok(200, search.get("format") === "persisted" ? core.store.serialize() : core.store.exportTenant());
        return;
      }
      if (method === "PUT") {
        const value = body();
        try {
          core.store.load(value);
        } catch (error) {
          asBadRequest(error);
        }
        await core.persist();
        ok(204);
        return;
      }
      methodNotAllowed(exchange, ["GET", "PUT"]);
      return;
    }
    case "reset": {
      if (method !== "POST") methodNotAllowed(exchange, ["POST"]);
      await core.reset();
      ok(204);
      return;
    }
    case "clock": {
      if (method !== "GET") methodNotAllowed(exchange, ["GET"]);
      ok(200, { mode: core.clock.mode, now: new Date(core.clock.now()).toISOString(), nowMs: core.clock.now() });
      return;
    }
    case "clock/advance":
    case "clock/set": {
      if (method !== "POST") methodNotAllowed(exchange, ["POST"]);
      const input = objectBody(
        body(),
        route === "clock/advance" ? '{ "ms": 60000 }' : '{ "time": "2026-11-28T11:00:00Z" }',
      );
      try {
        if (route === "clock/advance") core.clock.advance(input.ms as number);
        else core.clock.set(input.time as string | number);
      } catch (error) {
        asBadRequest(error);
      }
      if (core.stateFile) await core.persist();
      ok(200, { mode: core.clock.mode, now: new Date(core.clock.now()).toISOString(), nowMs: core.clock.now() });
      return;
    }
    case "faults": {
      if (method === "GET") {
        ok(200, { value: core.faults.list() });
        return;
      }
      if (method === "POST") {
        const input = body();
        const rules = Array.isArray(input) ? input : [input];
        const added = [];
        try {
          for (const rule of rules) added.push(core.faults.add(rule as FaultRuleInput));
        } catch (error) {
          for (const rule of added) core.faults.remove(rule.id);
          asBadRequest(error);
        }
        ok(201, Array.isArray(input) ? { value: added } : added[0]);
        return;
      }
      if (method === "DELETE") {
        core.faults.clear();
        ok(204);
        return;
      }
      methodNotAllowed(exchange, ["GET", "POST", "DELETE"]);
      return;
    }
    case "quarantine": {
      if (method !== "POST") methodNotAllowed(exchange, ["POST"]);
      const input = objectBody(body(), '{ "servicePrincipalId": "…", "jobId": "…", "reason": "TooManyDeletes" }');
      for (const key of ["servicePrincipalId", "jobId"] as const) {
        if (typeof input[key] !== "string") throw GraphHttpError.badRequest(`${key} is required (a string).`, key);
      }
      try {
        core.store.quarantine(input.servicePrincipalId as string, input.jobId as string, {
          ...(input.reason !== undefined ? { reason: input.reason as never } : {}),
          ...(input.error !== undefined ? { error: input.error as never } : {}),
        });
      } catch (error) {
        asBadRequest(error);
      }
      await core.persist();
      ok(204);
      return;
    }
    case "counters": {
      if (method !== "GET") methodNotAllowed(exchange, ["GET"]);
      ok(200, {
        requests: core.requests.summary(),
        operations: core.operationCounts.all(),
        jobs: core.store.allCounters(),
        contract: core.contract.summary(),
        seq: core.store.seq,
      });
      return;
    }
    case "requests": {
      if (method === "GET") {
        ok(200, { count: core.requests.count, value: core.requests.list() });
        return;
      }
      if (method === "DELETE") {
        core.requests.clear();
        ok(204);
        return;
      }
      methodNotAllowed(exchange, ["GET", "DELETE"]);
      return;
    }
    case "settings": {
      if (method === "GET") {
        ok(200, { ...core.settings });
        return;
      }
      if (method === "PATCH" || method === "PUT") {
        const input = objectBody(body(), '{ "startResponse": 200 }');
        for (const key of Object.keys(input)) {
          if (key !== "startResponse" && key !== "strict") {
            throw GraphHttpError.badRequest(
              `'${key.slice(0, 100)}' is not a setting (allowed: startResponse, strict).`,
              key.slice(0, 100),
            );
          }
        }
        if (input.startResponse !== undefined && input.startResponse !== 200 && input.startResponse !== 204) {
          throw GraphHttpError.badRequest("startResponse must be 204 or 200.", "startResponse");
        }
        if (input.strict !== undefined && typeof input.strict !== "boolean") {
          throw GraphHttpError.badRequest("strict must be true or false.", "strict");
        }
        if (input.startResponse !== undefined) core.settings.startResponse = input.startResponse as 200 | 204;
        if (input.strict !== undefined) core.settings.strict = input.strict as boolean;
        ok(200, { ...core.settings });
        return;
      }
      methodNotAllowed(exchange, ["GET", "PATCH"]);
      return;
    }
    case "ca.pem": {
      if (method !== "GET") methodNotAllowed(exchange, ["GET"]);
      if (!core.tls) {
        throw new GraphHttpError({
          status: 404,
          code: "ResourceNotFound",
          message: "The emulator is not serving TLS (start it with --tls).",
        });
      }
      exchange.answerRaw(200, core.tls.ca, { "Content-Type": "application/x-pem-file" });
      return;
    }
  }
  if (segments[1] === "faults" && segments.length === 3) {
    if (method !== "DELETE") methodNotAllowed(exchange, ["DELETE"]);
    const id = segments[2] ?? "";
    if (!core.faults.remove(id)) {
      throw new GraphHttpError({
        status: 404,
        code: "ResourceNotFound",
        message: `There is no fault rule '${id.slice(0, 100)}'.`,
        target: id.slice(0, 100),
      });
    }
    ok(204);
    return;
  }
  throw new GraphHttpError({
    status: 404,
    code: "ResourceNotFound",
    message: `Unknown control endpoint '${exchange.rawUrl.split("?")[0]?.slice(0, 200)}': use health, state, reset, clock, clock/advance, clock/set, faults, faults/{id}, quarantine, counters, requests, settings or ca.pem under ${CONTROL_PREFIX}/.`,
  });
}
