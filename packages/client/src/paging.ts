/**
 * Reading a paged collection: the first page, then each `@odata.nextLink`, only on the API's own origin (another
 * would be handed the token), never one already read (it would loop for ever), and at most `maxPages` pages.
 */
import type { OperationFacts } from "@graphsync/types/operations";
import { graphError, isObject } from "./answers.js";
import { type Call, call, type Finished } from "./call.js";
import { type GraphSyncCore, internalsOf } from "./core.js";
import { show } from "./errors.js";
import { checkNumber, checkTimeout } from "./options.js";
import type { CallOptions } from "./transport.js";

export interface PageOptions extends CallOptions {
  /** The page size asked of the service (`$top`, 1 to 999). Every page is read either way. */
  top?: number;
  /** The most pages read before giving up with a `TooManyPages` GraphError (default 1,000). */
  maxPages?: number;
}

/** What one page's request resolves to: openapi-fetch's result for the collection. */
type PageResult<T> = { data?: { value?: T[]; "@odata.nextLink"?: string | null } | undefined };

/**
 * Every item of a collection. `request` makes the first page's openapi-fetch call with the `init` it is given (the
 * later pages go to their nextLink through that same call); `what` names the items in errors. Options are checked
 * when this is called; requests start when iteration does.
 */
export function paged<T>(
  client: GraphSyncCore,
  facts: OperationFacts,
  options: PageOptions | undefined,
  request: (init: Call["init"], top: number | undefined) => Promise<PageResult<T>>,
  what: string,
): AsyncIterableIterator<T> {
  const { send, origin } = internalsOf(client);
  const top = checkNumber("top", options?.top, 1, 999, true);
  const maxPages = checkNumber("maxPages", options?.maxPages, 1, 1e6, true) ?? 1000;
  checkTimeout(options?.timeoutMs);
  return pages();

  async function* pages(): AsyncGenerator<T, void> {
    const seen = new Set<string>();
    let next: string | undefined;
    for (let page = 1; ; page++) {
      const { init, done } = call({ send, facts, url: next, signal: options?.signal, timeoutMs: options?.timeoutMs });
      const { data, answer }: PageResult<T> & Finished = await done(request(init, top));
      if (!isObject(data) || !Array.isArray(data.value))
        throw graphError(answer, undefined, undefined, `a page of ${what}`);
      yield* data.value;
      seen.add(answer.request.url);
      const link = data["@odata.nextLink"];
      if (link == null) return;
      next = sameOrigin(link, origin);
      if (!next || seen.has(next)) {
        throw graphError(
          answer,
          "InvalidNextLink",
          `@odata.nextLink ${show(link)} not followed (not a new page on ${origin})`,
        );
      }
      if (page >= maxPages) {
        throw graphError(
          answer,
          "TooManyPages",
          `more than ${maxPages} pages of ${what} (raise maxPages to read more)`,
        );
      }
    }
  }
}

/** The absolute URL, when it is one on `origin` without user info (its href then starts with the origin); "" otherwise. */
function sameOrigin(link: unknown, origin: string): string {
  try {
    const { href } = new URL(link as string);
    return href.startsWith(`${origin}/`) ? href : "";
  } catch {
    return "";
  }
}
