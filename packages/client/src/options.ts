import { invalid } from "./errors.js";

/** The largest delay setTimeout honours; a larger one fires at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** @throws {ValidationError} unless undefined or a number of milliseconds setTimeout can wait. */
export function checkTimeout(value: unknown, field: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value >= 1 && value <= MAX_TIMEOUT_MS)) {
    throw invalid(field, value, `a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  }
  return value;
}
