// The provisioning logs: the $filter builder (pure) and the paged list on an injected fetch.
import { describe, expect, it } from "vitest";
import { provisioningLogFilter, ValidationError } from "../src/index.js";
import { JOB, json, recordingFetch, SP, testClient } from "./helpers.js";

const base = "https://graph.example.test/v1.0";
const page = (value: unknown[], next?: string) => ({ value, ...(next ? { "@odata.nextLink": next } : {}) });
const entry = (id: string) => ({ id, activityDateTime: "2026-11-28T10:00:00Z", jobId: JOB });

describe("provisioningLogFilter", () => {
  it("builds eq on each field with the service's names, joined with and", () => {
    expect(
      provisioningLogFilter({
        jobId: JOB,
        servicePrincipalId: SP,
        cycleId: "c1",
        changeId: "ch1",
        action: "create",
        status: "failure",
        sourceId: "s1",
        targetId: "t1",
      }),
    ).toBe(
      `jobId eq '${JOB}' and servicePrincipal/id eq '${SP}' and cycleId eq 'c1' and changeId eq 'ch1' and ` +
        "sourceIdentity/id eq 's1' and targetIdentity/id eq 't1' and provisioningAction eq 'create' and " +
        "provisioningStatusInfo/status eq 'failure'",
    );
  });

  it("doubles quotes inside values and writes times as unquoted UTC date-times", () => {
    expect(provisioningLogFilter({ sourceId: "O'Brien" })).toBe("sourceIdentity/id eq 'O''Brien'");
    expect(provisioningLogFilter({ since: "2026-11-28", until: new Date(Date.UTC(2026, 10, 29, 12, 30)) })).toBe(
      "activityDateTime ge 2026-11-28T00:00:00.000Z and activityDateTime le 2026-11-29T12:30:00.000Z",
    );
    expect(provisioningLogFilter({ since: "2026-11-28T11:00:00+01:00" })).toBe(
      "activityDateTime ge 2026-11-28T10:00:00.000Z",
    );
    expect(provisioningLogFilter({})).toBeUndefined();
  });

  it("names the bad field, the value and what is allowed", () => {
    const cases: [object, string, RegExp][] = [
      [{ status: "Success" }, "status", /Invalid status "Success".*success, failure, skipped, warning/],
      [{ action: "Create" }, "action", /Invalid action "Create"/],
      [{ since: "yesterday" }, "since", /Invalid since "yesterday": expected a Date or an ISO 8601/],
      [{ until: new Date(Number.NaN) }, "until", /Invalid until/],
      [{ jobId: "a/b" }, "jobId", /Invalid jobId "a\/b"/],
      [{ cycleId: "" }, "cycleId", /Invalid cycleId/],
      [{ targetId: "a\nb" }, "targetId", /Invalid targetId/],
      [{ jobID: JOB }, "filter", /Invalid filter "jobID": expected a known condition \(.*jobId/],
    ];
    for (const [query, field, message] of cases) {
      let error: unknown;
      try {
        provisioningLogFilter(query as never);
      } catch (caught) {
        error = caught;
      }
      expect(error, field).toBeInstanceOf(ValidationError);
      expect(error, field).toMatchObject({ field, code: "InvalidArgument" });
      expect((error as Error).message, field).toMatch(message);
    }
  });

  it("finds one object by id, userPrincipalName or externalId on either side, quotes doubled", () => {
    expect(provisioningLogFilter({ jobId: JOB, identity: "o'neil@contoso.com" })).toBe(
      `jobId eq '${JOB}' and (sourceIdentity/id eq 'o''neil@contoso.com' or targetIdentity/id eq 'o''neil@contoso.com' or ` +
        "sourceIdentity/displayName eq 'o''neil@contoso.com' or targetIdentity/displayName eq 'o''neil@contoso.com')",
    );
    expect(provisioningLogFilter({ sourceDisplayName: "Ann", targetDisplayName: "ann@x" })).toBe(
      "sourceIdentity/displayName eq 'Ann' and targetIdentity/displayName eq 'ann@x'",
    );
    expect(() => provisioningLogFilter({ identity: "" })).toThrow(/Invalid identity ""/);
    expect(() => provisioningLogFilter({ identity: "a\u0007b" })).toThrow(
      expect.objectContaining({ field: "identity" }),
    );
  });

  it("joins several statuses or actions with or, in parentheses", () => {
    expect(provisioningLogFilter({ status: ["failure", "warning"], action: ["create"] })).toBe(
      "provisioningAction eq 'create' and " +
        "(provisioningStatusInfo/status eq 'failure' or provisioningStatusInfo/status eq 'warning')",
    );
    expect(() => provisioningLogFilter({ status: [] })).toThrow(/Invalid status .*a non-empty array/);
    expect(() => provisioningLogFilter({ action: ["create", "Create" as never] })).toThrow(/Invalid action "Create"/);
  });

  it("reports every bad field at once", () => {
    expect(() => provisioningLogFilter({ status: "ok" as never, since: "soon", cycleId: "" })).toThrow(
      expect.objectContaining({ name: "ValidationError", field: "cycleId, status, since" }),
    );
  });
});

describe("listProvisioningLogs", () => {
  it("sends the filter and $top on /auditLogs/provisioning and follows every page", async () => {
    const next = `${base}/auditLogs/provisioning?$top=2&$skiptoken=abc`;
    const { fetch, calls } = recordingFetch((_, i) =>
      json(200, i === 0 ? page([entry("a"), entry("b")], next) : page([entry("c")])),
    );
    const { client } = testClient(fetch);
    const ids: string[] = [];
    for await (const log of client.listProvisioningLogs({ filter: { jobId: JOB, status: "success" }, top: 2 })) {
      ids.push(log.id);
    }
    expect(ids).toEqual(["a", "b", "c"]);
    const first = new URL(calls[0]?.url as string);
    expect(first.pathname).toBe("/v1.0/auditLogs/provisioning");
    expect(first.searchParams.get("$filter")).toBe(`jobId eq '${JOB}' and provisioningStatusInfo/status eq 'success'`);
    expect(first.searchParams.get("$top")).toBe("2");
    expect(calls[1]?.url).toBe(next);
    expect(calls).toHaveLength(2);
  });

  it("passes a $filter string as is, and sends none without a filter", async () => {
    const { fetch, calls } = recordingFetch(() => json(200, page([])));
    const { client } = testClient(fetch);
    for await (const _ of client.listProvisioningLogs({ filter: "changeId eq 'x' or changeId eq 'y'" }));
    for await (const _ of client.listProvisioningLogs());
    expect(new URL(calls[0]?.url as string).searchParams.get("$filter")).toBe("changeId eq 'x' or changeId eq 'y'");
    expect(calls[1]?.url).toBe(`${base}/auditLogs/provisioning`);
  });

  it("refuses bad input before any request, naming the field", () => {
    const { fetch, calls } = recordingFetch(() => json(200, page([])));
    const { client } = testClient(fetch);
    const cases: [object, string][] = [
      [{ filter: { status: "done" } }, "status"],
      [{ filter: " " }, "filter"],
      [{ filter: 42 }, "filter"],
      [{ top: 1000 }, "top"],
      [{ maxPages: 0 }, "maxPages"],
    ];
    for (const [options, field] of cases) {
      expect(() => client.listProvisioningLogs(options as never), field).toThrow(expect.objectContaining({ field }));
    }
    expect(calls).toHaveLength(0);
  });

  it("a page without value is a GraphError, not a silent end", async () => {
    const { fetch } = recordingFetch(() => json(200, { nothing: true }));
    const { client } = testClient(fetch);
    const read = async () => {
      for await (const _ of client.listProvisioningLogs());
    };
    await expect(read()).rejects.toMatchObject({ name: "GraphError", code: "UnexpectedBody" });
  });
});
