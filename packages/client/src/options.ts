import { invalid } from "./errors.js";

/** The largest delay setTimeout honours; a larger one fires at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The one check of every numeric option: `undefined` (not given) or a number from `min` to `max`, whole when
 * `whole`. The message says which: "a whole number from 1 to 999", "a number of milliseconds ≥ 0".
 * @throws {ValidationError}
 */
export function checkNumber(field: string, value: unknown, min: number, max = Infinity, whole = false) {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value >= min && value <= max) || (whole && !Number.isInteger(value))) {
    const range = max < Infinity ? `from ${min} to ${max}` : `≥ ${min}`;
    throw invalid(field, value, `a ${whole ? "whole number" : "number of milliseconds"} ${range}`);
  }
  return value;
}

/** @throws {ValidationError} unless undefined or a number of milliseconds setTimeout can wait. */
export const checkTimeout = (value: unknown): number | undefined => checkNumber("timeoutMs", value, 1, MAX_TIMEOUT_MS);
