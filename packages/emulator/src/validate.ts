/**
 * Validation against the spec with ajv (JSON Schema 2020-12): requests get a 400 naming the field; responses are
 * checked in strict mode.
 */
import { openapiDocument } from "@graphsync/types/spec";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import formatsModule from "ajv-formats";

export interface SchemaProblem {
  /** JSON pointer into the validated value ("" for the value itself). */
  pointer: string;
  /** The same place as a property path: `criteria.resetScope`, `parameters[0].subjects`. */
  path: string;
  /** What is wrong and what is allowed. */
  message: string;
  /** `InvalidValue`, `MissingProperty` or `UnknownProperty`. */
  kind: "InvalidValue" | "MissingProperty" | "UnknownProperty";
}

const DOCUMENT_ID = "urn:graphsync:openapi";

/** A `$ref` to a component schema of the spec, for schemas of our own (the state file's). */
export function componentRef(name: string): string {
  return `${DOCUMENT_ID}#/components/schemas/${name}`;
}

export function pointerToPath(pointer: string): string {
  let path = "";
  for (const raw of pointer.split("/").slice(1)) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (/^\d+$/.test(token)) path += `[${token}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(token)) path += path ? `.${token}` : token;
    else path += `[${JSON.stringify(token)}]`;
  }
  return path;
}

function show(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return `a ${typeof value}`;
}

function listTypes(type: unknown): string {
  const types = Array.isArray(type) ? type : [type];
  const names = types.map((t) =>
    t === "null" ? "null" : t === "object" || t === "array" || t === "integer" ? `an ${t}` : `a ${String(t)}`,
  );
  return names.join(" or ");
}

/** One readable sentence for what a group of ajv errors on the same value allows. */
function describeAllowed(errors: ErrorObject[]): string {
  const parts: string[] = [];
  for (const error of errors) {
    switch (error.keyword) {
      case "enum":
        parts.push(`one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map(String).join(", ")}`);
        break;
      case "const":
        parts.push(show((error.params as { allowedValue: unknown }).allowedValue));
        break;
      case "type":
        parts.push(listTypes((error.params as { type: unknown }).type));
        break;
      case "pattern":
        parts.push(`a string matching ${(error.params as { pattern: string }).pattern}`);
        break;
      case "format":
        parts.push(`a valid ${(error.params as { format: string }).format}`);
        break;
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
      case "minLength":
      case "maxLength":
      case "minItems":
      case "maxItems":
        parts.push(`a value that ${error.message ?? "is in range"}`);
        break;
      default:
        if (error.message) parts.push(`a value that ${error.message.replace(/^must /, "does ")}`);
    }
  }
  return [...new Set(parts)].join(", or ");
}

/** Turns ajv's errors into one problem per place, with the allowed values spelled out. */
export function toProblems(errors: ErrorObject[] | null | undefined): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const byPointer = new Map<string, ErrorObject[]>();
  for (const error of errors ?? []) {
    if (error.keyword === "required") {
      const missing = (error.params as { missingProperty: string }).missingProperty;
      const pointer = `${error.instancePath}/${missing}`;
      problems.push({ pointer, path: pointerToPath(pointer), kind: "MissingProperty", message: "is required" });
      continue;
    }
    if (error.keyword === "additionalProperties") {
      const extra = (error.params as { additionalProperty: string }).additionalProperty;
      const pointer = `${error.instancePath}/${extra.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      const allowed = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      problems.push({
        pointer,
        path: pointerToPath(pointer),
        kind: "UnknownProperty",
        message: `is not a known property${allowed.length ? ` (allowed: ${allowed.join(", ")})` : ""}`,
      });
      continue;
    }
    if (error.keyword === "anyOf" || error.keyword === "oneOf" || error.keyword === "if") continue;
    const list = byPointer.get(error.instancePath) ?? [];
    list.push(error);
    byPointer.set(error.instancePath, list);
  }
  for (const [pointer, list] of byPointer) {
    // `anyOf: [X, null]`: when the value is an object that fails X deeper down, "must be null" is noise.
    const deeper = (errors ?? []).some((e) => e.instancePath.startsWith(`${pointer}/`));
    if (deeper && list.every((e) => e.keyword === "type")) continue;
    const value = (list[0] as ErrorObject & { data?: unknown }).data;
    problems.push({
      pointer,
      path: pointerToPath(pointer),
      kind: "InvalidValue",
      message: `${show(value)} (${typeOf(value)}) is not allowed: use ${describeAllowed(list)}`,
    });
  }
  return problems.sort((a, b) => a.pointer.localeCompare(b.pointer));
}

/** A sentence for an error message: "criteria.resetScope: ... ; parameters: is required". */
export function describeProblems(problems: SchemaProblem[], max = 3): string {
  const shown = problems.slice(0, max).map((p) => `${p.path || "(body)"}: ${p.message}`);
  const more = problems.length > max ? ` (and ${problems.length - max} more)` : "";
  return `${shown.join("; ")}${more}`;
}

export class SpecValidator {
  private readonly ajv: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    this.ajv = new Ajv2020({
      allErrors: true,
      verbose: true,
      // OpenAPI documents carry keywords JSON Schema does not know (example, x-*, discriminator).
      strictSchema: false,
      strictTypes: false,
      validateFormats: true,
    });
    // ajv-formats is CommonJS: its plugin is module.exports (and .default); which one a bundler gives varies.
    type Plugin = (ajv: Ajv2020) => Ajv2020;
    const addFormats =
      (formatsModule as unknown as { default?: Plugin }).default ?? (formatsModule as unknown as Plugin);
    addFormats(this.ajv);
    this.ajv.addSchema({ ...openapiDocument, $id: DOCUMENT_ID }, undefined, undefined, false);
  }

  private compile(pointer: string): ValidateFunction {
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
      this.compiled.set(pointer, validate);
    }
    return validate;
  }

  /** Problems of `value` against the schema at `pointer` in the document (empty when valid). */
  validate(pointer: string, value: unknown): SchemaProblem[] {
    const validate = this.compile(pointer);
    return validate(value) ? [] : toProblems(validate.errors);
  }

  /** Problems of `value` against a schema of our own (with an `$id`), which may `$ref` the spec. */
  validateSchema(schema: { $id: string }, value: unknown): SchemaProblem[] {
    let validate = this.compiled.get(schema.$id);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema.$id, validate);
    }
    return validate(value) ? [] : toProblems(validate.errors);
  }

  /** Compiles ahead of time (startup), so the first request pays nothing and a broken spec fails fast. */
  warm(pointers: Iterable<string>): void {
    for (const pointer of pointers) this.compile(pointer);
  }
}

let shared: SpecValidator | undefined;

/** One validator per process: compiling the spec costs ~100 ms, and every emulator in a test run shares it. */
export function specValidator(): SpecValidator {
  shared ??= new SpecValidator();
  return shared;
}
