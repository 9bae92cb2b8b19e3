/**
 * The answer the synchronization service gives a method it has no route for on a job's schema: Graph passes the
 * request to its back end (syncfabric), whose 404 comes back as an `UnknownError` whose message is the back end's
 * JSON. Graph's PowerShell and Python SDKs meet it when they PATCH the schema (the service takes only PUT).
 */
import { GraphHttpError } from "../errors.js";

export function noHttpResource(
  method: string,
  segments: readonly string[],
  params: Record<string, string>,
  tenantId: string,
): GraphHttpError | undefined {
  const job = params.synchronizationJobId;
  if (method !== "PATCH" || !job || segments.at(-1)?.toLowerCase() !== "schema") return undefined;
  const sp = params.servicePrincipalId ?? "";
  const uri = `https://syncfabric.windowsazure.com/api/servicePrincipals('${sp}')/synchronization/jobs('${job}.${tenantId}')/schema?api-version=2.0`;
  return new GraphHttpError({
    status: 404,
    code: "UnknownError",
    message: JSON.stringify({ Message: `No HTTP resource was found that matches the request URI '${uri}'.` }),
  });
}
