import { REDACTED, redactHeaders } from "./core.js";
/**
 * Fetch wrappers injected into the Graph client: `--verbose` logs each exchange (secrets redacted), `--dry-run`
 * records each request and sends nothing. Both see exactly the request the client built.
 */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Fetch = typeof globalThis.fetch;

async function describe(input: Parameters<Fetch>[0], init: Parameters<Fetch>[1]): Promise<RecordedRequest> {
  // Described from a copy: the body of the original stays readable for the real request.
  const request = new Request(input, init);
  const text = request.body === null ? "" : await request.text();
  let body: unknown = null;
  if (text !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  const headers = redactHeaders(request.headers.entries());
  return { method: request.method, url: request.url, headers, body };
}

/** A fetch that records and answers 204 without sending anything. */
export function recordingFetch(onRequest: (request: RecordedRequest) => void): Fetch {
  return async (input, init) => {
    onRequest(await describe(input, init));
    return new Response(null, { status: 204, headers: { "request-id": "dry-run", "x-graphsync-dry-run": "1" } });
  };
}

export function formatRequest(request: RecordedRequest): string {
  const lines = [`${request.method} ${request.url}`];
  for (const [name, value] of Object.entries(request.headers)) lines.push(`${name}: ${value}`);
  if (request.body !== null)
    lines.push("", typeof request.body === "string" ? request.body : JSON.stringify(request.body, null, 2));
  return lines.join("\n");
}

const MAX_LOGGED_BODY = 4096;

/** A fetch that logs each request and response (headers redacted, bodies truncated) before returning it. */
export function verboseFetch(inner: Fetch, log: (text: string) => void, now: () => number): Fetch {
  return async (input, init) => {
    const described = await describe(input, init);
    log(`> ${formatRequest(described).split("\n").join("\n> ")}`);
    const started = now();
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      log(`< (no response after ${now() - started}ms: ${(error as Error).name}: ${(error as Error).message})`);
      throw error;
    }
    const lines = [`< ${response.status} ${response.statusText} (${now() - started}ms)`];
    for (const [name, value] of Object.entries(redactHeaders(response.headers.entries())))
      lines.push(`< ${name}: ${value}`);
    const text = await response.clone().text();
    if (text !== "") {
      lines.push("<");
      const shown = text.length > MAX_LOGGED_BODY ? `${text.slice(0, MAX_LOGGED_BODY)}… (${text.length} bytes)` : text;
      lines.push(...shown.split("\n").map((line) => `< ${line}`));
    }
    log(lines.join("\n"));
    return response;
  };
}

export { REDACTED };
