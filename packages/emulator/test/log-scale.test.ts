/**
 * The logs route at scale and under load: the logSeed option, paging that does not repeat entries
 * written meanwhile, the filters Graph refuses, and injected faults on the route.
 */
import { describe, expect, it } from "vitest";
import { EmulatorOptionsError } from "../src/index.js";
import { call, expectGraphError, JOBS, jobPath, specErrors, start } from "./helpers.js";

const enc = encodeURIComponent;
const LOGS = "/auditLogs/provisioning";
// biome-ignore lint/suspicious/noExplicitAny: entries are inspected freely
type Entry = any;

describe("logSeed", () => {
  it("starts a tenant with 20,000 entries for one job, paged through to the last with $top 999", async () => {
    const count = 20_000;
    const emulator = await start({
      logSeed: { count },
      limits: { provisioningLogEntries: count + 1000, provisioningLogRequests: 1_000_000 },
    });
    const filter = `jobId eq '${JOBS.active.jobId}'`;
    let next: string | undefined = `${LOGS}?$top=999&$filter=${enc(filter)}`;
    const seen = new Set<string>();
    let previous = Number.POSITIVE_INFINITY;
    const statuses = new Map<string, number>();
    for (let page = 0; next && page < 200; page++) {
      const reply = await call(emulator, "GET", next);
      expect(reply.status).toBe(200);
      if (page % 25 === 0) expect(specErrors("provisioningObjectSummaryCollectionResponse", reply.json)).toEqual([]);
      for (const entry of reply.json.value as Entry[]) {
        seen.add(entry.id);
        const t = Date.parse(entry.activityDateTime);
        expect(t).toBeLessThanOrEqual(previous);
        previous = t;
        const status = entry.provisioningStatusInfo.status;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      next = reply.json["@odata.nextLink"];
    }
    expect(next).toBeUndefined();
    expect(seen.size).toBeGreaterThanOrEqual(count);
    expect([...statuses.keys()].sort()).toEqual(["failure", "skipped", "success"]);
  });

  it("is checked: a count the cap cannot hold, an unknown job or field, each named", async () => {
    await expect(start({ logSeed: { count: 5000 } })).rejects.toThrow(
      expect.objectContaining({ name: "EmulatorOptionsError", option: "logSeed.count" }),
    );
    await expect(start({ logSeed: { count: 10, jobId: "nope" } })).rejects.toThrow(/logSeed\.jobId.*has no job nope/);
    await expect(start({ logSeed: { count: 10, size: 3 } as never })).rejects.toBeInstanceOf(EmulatorOptionsError);
  });
});

describe("paging the logs", () => {
  it("does not repeat or skip entries when new ones are written between pages", async () => {
    const emulator = await start({ limits: { provisioningLogRequests: 1000 } });
    const first = await call(emulator, "GET", `${LOGS}?$top=5`);
    const before = await call(emulator, "GET", `${LOGS}?$top=999`);
    const expected = (before.json.value as Entry[]).map((e) => e.id);
    const subjects = Array.from({ length: 7 }, (_, i) => ({ objectId: `new-${i}`, objectTypeName: "User" }));
    await call(emulator, "POST", jobPath(JOBS.paused, "provisionOnDemand"), {
      body: { parameters: [{ ruleId: "ea807875-5618-4f0a-9125-0b46a05298ca", subjects }] },
    });
    const seen: string[] = first.json.value.map((e: Entry) => e.id);
    let next: string | undefined = first.json["@odata.nextLink"];
    for (let page = 0; next && page < 100; page++) {
      const reply = await call(emulator, "GET", next);
      seen.push(...reply.json.value.map((e: Entry) => e.id));
      next = reply.json["@odata.nextLink"];
    }
    expect(seen).toEqual(expected);
  });
});

describe("unsupported filters", () => {
  it("are 400s naming the property, operator or function, as Graph answers", async () => {
    const emulator = await start({ limits: { provisioningLogRequests: 1000 } });
    const cases: [string, RegExp][] = [
      [
        "sourceIdentity/details/userPrincipalName eq 'a'",
        /property 'sourceIdentity\/details\/userPrincipalName' is not supported/,
      ],
      ["sourceidentity/id eq 'a'", /names are case-sensitive: sourceIdentity\/id/],
      ["provisioningAction ne 'create'", /operator 'ne'/],
      ["endswith(jobId, 'x')", /function 'endswith'/],
      ["activityDateTime gt 'yesterday'", /'yesterday' is not a date-time/],
      ["(jobId eq 'x'", /'\)' expected/],
    ];
    for (const [filter, message] of cases) {
      const reply = await call(emulator, "GET", `${LOGS}?$filter=${enc(filter)}`);
      expect(reply.status, filter).toBe(400);
      expectGraphError(reply);
      expect(reply.json.error.message, filter).toMatch(message);
    }
  });
});

describe("faults on the logs route", () => {
  it("a throttle or an outage answers instead of the logs, and writes nothing", async () => {
    const emulator = await start({ limits: { provisioningLogRequests: 1000 } });
    emulator.faults.add({ type: "throttle", operation: "listProvisioningLogs", retryAfter: 3, times: 1 });
    emulator.faults.add({ type: "unavailable", operation: "listProvisioningLogs", times: 1 });
    const throttled = await call(emulator, "GET", LOGS);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("3");
    expectGraphError(throttled, "TooManyRequests");
    expect((await call(emulator, "GET", LOGS)).status).toBe(503);
    const ok = await call(emulator, "GET", LOGS);
    expect(ok.status).toBe(200);
    expect(specErrors("provisioningObjectSummaryCollectionResponse", ok.json)).toEqual([]);
  });
});
