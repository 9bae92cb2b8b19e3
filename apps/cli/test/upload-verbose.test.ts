/** --verbose with upload: bulk requests are logged with their ids only, provisioning log entries not at all. */
import { describe, expect, it } from "vitest";
import { verboseFetch } from "../src/http-log.js";
import { SimpleHeaders, SimpleResponse } from "../src/transport.js";

const BULK = {
  schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
  Operations: [
    {
      method: "POST",
      bulkId: "701984",
      path: "/Users",
      data: { externalId: "701984", name: { givenName: "Ada", familyName: "Lovelace" }, title: "Analyst" },
    },
  ],
  failOnErrors: null,
};

describe("--verbose and record content", () => {
  it("logs a SCIM bulk request with its bulkIds and externalIds only", async () => {
    const lines: string[] = [];
    const fetch = verboseFetch(
      async () => new SimpleResponse(202, "Accepted", new SimpleHeaders([["location", "https://x/auditLogs"]]), ""),
      (text) => lines.push(text),
      () => 0,
    );
    await fetch("http://127.0.0.1:1/v1.0/servicePrincipals/s/synchronization/jobs/j/bulkUpload", {
      method: "POST",
      headers: { "content-type": "application/scim+json", authorization: "Bearer secret-token-value" },
      body: JSON.stringify(BULK),
    });
    const log = lines.join("\n");
    expect(log).toContain('"externalId": "701984"');
    expect(log).toContain("record content not logged");
    expect(log).not.toContain("Lovelace");
    expect(log).not.toContain("Analyst");
    expect(log).not.toContain("secret-token-value");
  });

  it("does not log the provisioning logs' entries", async () => {
    const lines: string[] = [];
    const body = JSON.stringify({
      value: [{ id: "1", sourceIdentity: { id: "701984", displayName: "Ada Lovelace" } }],
    });
    const fetch = verboseFetch(
      async () => new SimpleResponse(200, "OK", new SimpleHeaders([]), body),
      (text) => lines.push(text),
      () => 0,
    );
    const response = await fetch("http://127.0.0.1:1/v1.0/auditLogs/provisioning?$filter=x", { method: "GET" });
    expect(await response.text()).toBe(body);
    expect(lines.join("\n")).not.toContain("Lovelace");
    expect(lines.join("\n")).toContain("provisioning log entries, not logged");
  });
});
