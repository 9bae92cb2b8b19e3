/**
 * Fault injection (README "Faults"): throttles and errors answer before the request is applied, so a retried start can
 * be proved to apply once.
 */
import { EmulatorOptionsError } from "./errors.js";
import type { Random } from "./random.js";
import type { OperationId } from "./spec.js";

/** The authority's endpoints can be faulted too (by name); rules without `operation` only hit Graph requests. */
export type AuthorityEndpoint = "token" | "openidConfiguration" | "jwks" | "instanceDiscovery";
export type FaultTarget = OperationId | AuthorityEndpoint;

export type FaultAction =
  /** 429 TooManyRequests with `Retry-After` in seconds (fractional allowed; null omits it). Default 1.5. */
  | { type: "throttle"; retryAfter?: number | null }
  /** 503 serviceNotAvailable with `Retry-After` (null omits it). Default 1.25. */
  | { type: "unavailable"; retryAfter?: number | null }
  /** Any Graph error: status 400-599, `code`/`message` defaulted from the status. Not applied. */
  | { type: "error"; status: number; code?: string; message?: string; retryAfter?: number | null }
  /** Waits `ms` (real time) before handling the request normally. */
  | { type: "latency"; ms: number }
  /**
   * Destroys the connection: `before-body` as soon as the headers arrive, `after-body` once the body is read
   * (neither is applied), `after-apply` after the request was applied but before any answer (default).
   */
  | { type: "drop"; when?: "before-body" | "after-body" | "after-apply" }
  /** Applies the request, then sends only the first `bytes` of the answer (default: half) and destroys the socket. */
  | { type: "truncate"; bytes?: number }
  /** Applies the request, then answers its status (200 for a 204) with a body that is not JSON. */
  | { type: "invalid-json" }
  /** Throws an unexpected error inside the emulator (not applied): proves its error boundary answers a Graph 500. */
  | { type: "exception" };

export interface FaultMatch {
  /** Operation ids (or authority endpoints). Default: every Graph request, including unknown routes. */
  operation?: FaultTarget | FaultTarget[];
  /** HTTP method (any case). */
  method?: string;
  servicePrincipalId?: string;
  jobId?: string;
  /** Fault only the next `times` matching requests; then the rule is spent and removed. Default: no limit. */
  times?: number;
  /** Let the first `skip` matching requests through (e.g. fail only the third start). Default 0. */
  skip?: number;
  /** Chance (0-1) that a matching request is faulted, drawn from the seeded stream. Default 1. */
  probability?: number;
}

export type FaultRuleInput = FaultAction & FaultMatch & { id?: string };

export type FaultRule = FaultRuleInput & {
  id: string;
  /** Requests the rule matched so far. */
  matched: number;
  /** Requests it faulted so far. */
  fired: number;
};

export interface FaultRequest {
  graph: boolean;
  operation: FaultTarget | undefined;
  method: string;
  servicePrincipalId: string | undefined;
  jobId: string | undefined;
}

export interface FaultDecision {
  /** Total added latency (every firing latency rule). */
  latencyMs: number;
  /** The first firing rule that is not latency. */
  action: FaultAction | undefined;
  /** Ids of the rules that fired. */
  rules: string[];
}

const TYPES = ["throttle", "unavailable", "error", "latency", "drop", "truncate", "invalid-json", "exception"] as const;
const DROP_WHEN = ["before-body", "after-body", "after-apply"] as const;
const KEYS = new Set([
  "id",
  "type",
  "retryAfter",
  "status",
  "code",
  "message",
  "ms",
  "when",
  "bytes",
  "operation",
  "method",
  "servicePrincipalId",
  "jobId",
  "times",
  "skip",
  "probability",
]);

/** The Graph error code a faulted status answers with unless the rule names one. */
export function defaultErrorCode(status: number): string {
  const codes: Record<number, string> = {
    400: "BadRequest",
    401: "InvalidAuthenticationToken",
    403: "Authorization_RequestDenied",
    404: "Request_ResourceNotFound",
    409: "Conflict",
    412: "PreconditionFailed",
    423: "resourceLocked",
    429: "TooManyRequests",
    500: "generalException",
    501: "notSupported",
    502: "BadGateway",
    503: "serviceNotAvailable",
    504: "GatewayTimeout",
  };
  return codes[status] ?? (status >= 500 ? "generalException" : "BadRequest");
}

function check(condition: boolean, option: string, message: string): asserts condition {
  if (!condition) throw new EmulatorOptionsError(option, message);
}

function wholeNumber(value: unknown, option: string, min: number, max: number): void {
  check(
    typeof value === "number" && Number.isInteger(value) && value >= min && value <= max,
    option,
    `${JSON.stringify(value)} is not allowed: use a whole number from ${min} to ${max}`,
  );
}

function retryAfter(value: unknown, option: string): void {
  check(
    value === undefined ||
      value === null ||
      (typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 86_400),
    option,
    `${JSON.stringify(value)} is not allowed: use a number of seconds from 0 to 86400 (fractions allowed), or null to omit the header`,
  );
}

/** The fields of the rule's action (retryAfter, status, ms, …), by type. */
function checkActionFields(rule: Record<string, unknown>, where: string): void {
  switch (rule.type) {
    case "throttle":
    case "unavailable":
      retryAfter(rule.retryAfter, `${where}.retryAfter`);
      break;
    case "error":
      wholeNumber(rule.status, `${where}.status`, 400, 599);
      retryAfter(rule.retryAfter, `${where}.retryAfter`);
      for (const key of ["code", "message"] as const) {
        check(
          rule[key] === undefined ||
            (typeof rule[key] === "string" && rule[key].length > 0 && rule[key].length <= 1000),
          `${where}.${key}`,
          "must be a non-empty string of at most 1000 characters",
        );
      }
      break;
    case "latency":
      wholeNumber(rule.ms, `${where}.ms`, 0, 60_000);
      break;
    case "drop":
      check(
        rule.when === undefined || DROP_WHEN.includes(rule.when as (typeof DROP_WHEN)[number]),
        `${where}.when`,
        `${JSON.stringify(rule.when)} is not allowed: use one of ${DROP_WHEN.join(", ")}`,
      );
      break;
    case "truncate":
      if (rule.bytes !== undefined) wholeNumber(rule.bytes, `${where}.bytes`, 0, 1_000_000);
      break;
  }
}

/** What a rule matches (operation, method, ids) and how often it fires. */
function checkMatchFields(rule: Record<string, unknown>, knownTargets: ReadonlySet<string>, where: string): void {
  if (rule.operation !== undefined) {
    const list = Array.isArray(rule.operation) ? rule.operation : [rule.operation];
    check(list.length > 0, `${where}.operation`, "must name at least one operation");
    for (const op of list) {
      check(
        typeof op === "string" && knownTargets.has(op),
        `${where}.operation`,
        `${JSON.stringify(op)} is not allowed: use one of ${[...knownTargets].join(", ")}`,
      );
    }
  }
  for (const key of ["method", "servicePrincipalId", "jobId"] as const) {
    check(
      rule[key] === undefined || (typeof rule[key] === "string" && rule[key].length > 0),
      `${where}.${key}`,
      "must be a non-empty string",
    );
  }
  if (rule.times !== undefined) wholeNumber(rule.times, `${where}.times`, 1, 1_000_000_000);
  if (rule.skip !== undefined) wholeNumber(rule.skip, `${where}.skip`, 0, 1_000_000_000);
  check(
    rule.probability === undefined ||
      (typeof rule.probability === "number" && rule.probability >= 0 && rule.probability <= 1),
    `${where}.probability`,
    `${JSON.stringify(rule.probability)} is not allowed: use a number from 0 to 1`,
  );
}

/** Checks a rule from the API or the control endpoint; throws EmulatorOptionsError naming the field. */
export function checkFaultRule(input: unknown, knownTargets: ReadonlySet<string>, where = "fault"): FaultRuleInput {
  check(typeof input === "object" && input !== null && !Array.isArray(input), where, "a fault rule must be an object");
  const rule = input as Record<string, unknown>;
  for (const key of Object.keys(rule)) {
    check(KEYS.has(key), `${where}.${key}`, `is not a fault rule field (allowed: ${[...KEYS].join(", ")})`);
  }
  check(
    TYPES.includes(rule.type as (typeof TYPES)[number]),
    `${where}.type`,
    `${JSON.stringify(rule.type)} is not allowed: use one of ${TYPES.join(", ")}`,
  );
  if (rule.id !== undefined) {
    check(
      typeof rule.id === "string" && /^[\w.-]{1,64}$/.test(rule.id),
      `${where}.id`,
      "use 1-64 letters, digits, _ . -",
    );
  }
  checkActionFields(rule, where);
  const fieldsOf: Record<string, string[]> = {
    throttle: ["retryAfter"],
    unavailable: ["retryAfter"],
    error: ["status", "code", "message", "retryAfter"],
    latency: ["ms"],
    drop: ["when"],
    truncate: ["bytes"],
    "invalid-json": [],
    exception: [],
  };
  for (const key of ["retryAfter", "status", "code", "message", "ms", "when", "bytes"]) {
    check(
      rule[key] === undefined || (fieldsOf[rule.type as string] ?? []).includes(key),
      `${where}.${key}`,
      `does not apply to a ${String(rule.type)} fault`,
    );
  }
  checkMatchFields(rule, knownTargets, where);
  return rule as unknown as FaultRuleInput;
}

export class Faults {
  private rules: FaultRule[] = [];
  private nextId = 1;

  constructor(
    private readonly random: Random,
    private readonly knownTargets: ReadonlySet<string>,
  ) {}

  /** Adds a rule (validated); returns it with its id. Rules are consulted in the order they were added. */
  add(input: FaultRuleInput): FaultRule {
    const checked = checkFaultRule(input, this.knownTargets);
    const id = checked.id ?? `fault-${this.nextId++}`;
    if (this.rules.some((rule) => rule.id === id)) {
      throw new EmulatorOptionsError("fault.id", `${JSON.stringify(id)} is already the id of a rule`);
    }
    const rule = { ...structuredClone(checked), id, matched: 0, fired: 0 } as FaultRule;
    this.rules.push(rule);
    return structuredClone(rule);
  }

  /** The active rules with their counts (spent rules are gone). */
  list(): FaultRule[] {
    return structuredClone(this.rules);
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((rule) => rule.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  private matches(rule: FaultRule, request: FaultRequest): boolean {
    if (rule.operation === undefined) {
      if (!request.graph) return false;
    } else {
      const list = Array.isArray(rule.operation) ? rule.operation : [rule.operation];
      if (request.operation === undefined || !list.includes(request.operation)) return false;
    }
    if (rule.method !== undefined && rule.method.toUpperCase() !== request.method.toUpperCase()) return false;
    if (
      rule.servicePrincipalId !== undefined &&
      rule.servicePrincipalId.toLowerCase() !== request.servicePrincipalId?.toLowerCase()
    ) {
      return false;
    }
    if (rule.jobId !== undefined && rule.jobId.toLowerCase() !== request.jobId?.toLowerCase()) return false;
    return true;
  }

  /** What to do with one request. Counts matches, spends `times`, draws probabilities from the seeded stream. */
  decide(request: FaultRequest): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, action: undefined, rules: [] };
    for (const rule of this.rules) {
      if (!this.matches(rule, request)) continue;
      rule.matched++;
      if (rule.matched <= (rule.skip ?? 0)) continue;
      if (rule.type !== "latency" && decision.action !== undefined) continue;
      if (rule.probability !== undefined && rule.probability < 1 && this.random.next() >= rule.probability) continue;
      rule.fired++;
      decision.rules.push(rule.id);
      if (rule.type === "latency") decision.latencyMs += rule.ms;
      else decision.action = rule;
    }
    this.rules = this.rules.filter((rule) => rule.times === undefined || rule.fired < rule.times);
    return decision;
  }
}
