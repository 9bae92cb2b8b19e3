/**
 * `EmulatorError`s go to the code driving the emulator (stable `code`, names the field); `GraphHttpError` answers a
 * Graph client.
 */

/** Every error the emulator throws to its caller. Branch on `code`. */
export class EmulatorError extends Error {
  override name = "EmulatorError";
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** An option of `startEmulator`, a fault rule or a CLI flag is invalid. `option` names it. */
export class EmulatorOptionsError extends EmulatorError {
  override name = "EmulatorOptionsError";
  readonly option: string;
  constructor(option: string, message: string) {
    super("EMULATOR_INVALID_OPTION", `${option}: ${message}`);
    this.option = option;
  }
}

/** A tenant (the `state` option, a state file, PUT /_emulator/state) is invalid. `pointer` is where (JSON pointer). */
export class EmulatorStateError extends EmulatorError {
  override name = "EmulatorStateError";
  readonly pointer: string;
  readonly file: string | undefined;
  constructor(pointer: string, message: string, file?: string, options?: { cause?: unknown }) {
    super("EMULATOR_INVALID_STATE", `${file ? `${file}: ` : ""}${pointer || "/"}: ${message}`, options);
    this.pointer = pointer;
    this.file = file;
  }
}

/** `clock.advance()` or `clock.set()` on the real clock. */
export class EmulatorClockError extends EmulatorError {
  override name = "EmulatorClockError";
  constructor(message: string) {
    super("EMULATOR_CLOCK_NOT_MANUAL", message);
  }
}

/** The emulator could not start (port in use, state file unreadable, …). */
export class EmulatorStartError extends EmulatorError {
  override name = "EmulatorStartError";
  constructor(message: string, options?: { cause?: unknown }) {
    super("EMULATOR_START_FAILED", message, options);
  }
}

export interface GraphErrorDetail {
  code: string;
  message: string;
  target?: string | null;
}

export interface GraphHttpErrorInit {
  status: number;
  code: string;
  message: string;
  target?: string | null;
  details?: GraphErrorDetail[];
  headers?: Record<string, string>;
  /** The request must not be applied and the connection should close (for example a body that was not read). */
  close?: boolean;
}

/** Thrown inside request handlers; the server turns it into a Graph error response. */
export class GraphHttpError extends Error {
  override name = "GraphHttpError";
  readonly status: number;
  readonly code: string;
  readonly target: string | null | undefined;
  readonly details: GraphErrorDetail[] | undefined;
  readonly headers: Record<string, string>;
  readonly close: boolean;
  constructor(init: GraphHttpErrorInit) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.target = init.target;
    this.details = init.details;
    this.headers = init.headers ?? {};
    this.close = init.close ?? false;
  }

  static notFound(id: string): GraphHttpError {
    return new GraphHttpError({
      status: 404,
      code: "Request_ResourceNotFound",
      message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      target: id,
    });
  }

  static badRequest(message: string, target?: string, details?: GraphErrorDetail[]): GraphHttpError {
    return new GraphHttpError({ status: 400, code: "BadRequest", message, target: target ?? null, details });
  }
}

/** The `innerError` date as the service writes it: an Edm.DateTimeOffset without the offset. */
export function innerErrorDate(now: number): string {
  return new Date(now).toISOString().slice(0, 19);
}

export interface GraphErrorBodyInit {
  code: string;
  message: string;
  target?: string | null | undefined;
  details?: GraphErrorDetail[] | undefined;
  requestId: string;
  clientRequestId: string;
  now: number;
}

export interface GraphErrorBody {
  error: {
    code: string;
    message: string;
    target?: string | null;
    details?: GraphErrorDetail[];
    innerError: { date: string; "request-id": string; "client-request-id": string };
  };
}

export function graphErrorBody(init: GraphErrorBodyInit): GraphErrorBody {
  const error: GraphErrorBody["error"] = {
    code: init.code,
    message: init.message,
    innerError: {
      date: innerErrorDate(init.now),
      "request-id": init.requestId,
      "client-request-id": init.clientRequestId,
    },
  };
  if (init.target !== undefined) error.target = init.target;
  if (init.details !== undefined && init.details.length > 0) error.details = init.details;
  return { error };
}

/** A short, safe description of anything thrown, for logs (never includes request data). */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
