/** Server-driven paging of job lists: `$top` and the opaque `$skiptoken` Graph hands out. */
import { GraphHttpError } from "../errors.js";

/** The page size when a client does not send $top. */
export const DEFAULT_PAGE_SIZE = 100;

export const SKIPTOKEN = /^X'4453707402([0-9A-F]{8})'$/;

export function skiptoken(offset: number): string {
  return `X'4453707402${offset.toString(16).toUpperCase().padStart(8, "0")}'`;
}

/** The offset a (validated) skiptoken points at; 400 when the list has since shrunk below it. */
export function offsetOf(token: string | undefined, length: number): number {
  const offset = token !== undefined ? Number.parseInt(SKIPTOKEN.exec(token)?.[1] ?? "0", 16) : 0;
  if (offset > length) {
    throw GraphHttpError.badRequest(
      `The $skiptoken '${token}' is no longer valid (the list changed): start again without $skiptoken.`,
      "$skiptoken",
    );
  }
  return offset;
}
