/** What a Graph operation's handler gets (a validated call) and gives back (an answer to validate and send). */
import type { Core } from "../core.js";
import type { GraphVersion } from "../spec.js";

export interface Call {
  version: GraphVersion;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  /** Who called, for per-client limits: `app:<appId>` in jwt mode, else a digest of the token (never the token). */
  caller: string;
}

export interface Result {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** The call changed the tenant: save before answering. */
  writes: boolean;
}

export type Handler = (core: Core, call: Call) => Result;

/** `@odata.context` of an answer: `{origin}/{version}/$metadata#{fragment}`. */
export function metadata(core: Core, call: Call, fragment: string): string {
  return `${core.origin}/${call.version}/$metadata#${fragment}`;
}
