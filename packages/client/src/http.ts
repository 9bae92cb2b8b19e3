/** The shape of `fetch` as the client uses it: what an injected fetch (tests, the CLI's node:http one) must do. */

/** The headers of an answer, as the client reads them. */
export interface HeadersLike {
  get(name: string): string | null;
}

/** What the client reads of an answer: a standard `Response` is one (raw calls' `response.headers` are its own only then). */
export interface ResponseLike {
  readonly status: number;
  readonly headers: HeadersLike;
  text(): Promise<string>;
}

/** How the client calls `fetch`: always a string URL, plain-object headers, a string body, no redirects. */
export interface RequestInitLike {
  method: string;
  headers: Record<string, string>;
  body?: string | undefined;
  signal?: AbortSignal | undefined;
  redirect: "manual";
}

/** The fetch the client calls: the standard `fetch` is one, and so is any function that answers this much. */
export type FetchLike = (url: string, init: RequestInitLike) => Promise<ResponseLike>;
