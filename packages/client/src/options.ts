import { invalid } from "./errors.js";

/** The largest delay setTimeout honours; a larger one fires at once. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The one check of every numeric option: `undefined` (not given) or a number from `min` to `max`, whole when
 * `whole`. The message says which: "a whole number from 1 to 999", "a number of milliseconds from 0 to …". `max`
 * defaults to the longest delay setTimeout honours.
 * @throws {ValidationError}
 */
export function checkNumber(field: string, value: unknown, min: number, max = MAX_TIMEOUT_MS, whole = false) {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !(value >= min && value <= max) || (whole && !Number.isInteger(value))) {
    throw invalid(field, value, `a ${whole ? "whole number" : "number of milliseconds"} from ${min} to ${max}`);
  }
  return value;
}

/** @throws {ValidationError} unless undefined or a number of milliseconds setTimeout can wait. */
export const checkTimeout = (value: unknown): number | undefined => checkNumber("timeoutMs", value, 1);
