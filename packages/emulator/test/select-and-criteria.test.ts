/** Issue 15 items 12 and 13: restart's criteria may be null; $select on the job GETs. */
import { describe, expect, it } from "vitest";
import { call, expectGraphError, JOBS, jobPath, SP, specErrors, start } from "./helpers.js";

describe("restart", () => {
  it('takes {"criteria": null} as no criteria (the portal restart)', async () => {
    const emulator = await start();
    const reply = await call(emulator, "POST", jobPath(JOBS.quarantine, "restart"), { body: { criteria: null } });
    expect(reply.status).toBe(204);
    expect(emulator.state.counters(JOBS.quarantine.servicePrincipalId, JOBS.quarantine.jobId)?.restarts).toBe(1);
    expect(emulator.state.getJob(JOBS.quarantine.servicePrincipalId, JOBS.quarantine.jobId)?.status?.code).toBe(
      "Active",
    );
  });
});

describe("$select", () => {
  it("returns only the selected properties (and the id) of one job, named in @odata.context", async () => {
    const emulator = await start();
    const reply = await call(emulator, "GET", `${jobPath(JOBS.active)}?$select=status,schedule`);
    expect(reply.status).toBe(200);
    expect(Object.keys(reply.json).sort()).toEqual(["@odata.context", "id", "schedule", "status"]);
    expect(reply.json["@odata.context"]).toBe(
      `${emulator.url}/v1.0/$metadata#servicePrincipals('${SP}')/synchronization/jobs(status,schedule)/$entity`,
    );
    expect(specErrors("synchronizationJob", reply.json)).toEqual([]);
    const all = await call(emulator, "GET", `${jobPath(JOBS.active)}?$select=*`);
    expect(Object.keys(all.json)).toContain("synchronizationJobSettings");
  });

  it("selects on the list, and keeps the selection on the next page", async () => {
    const emulator = await start();
    const first = await call(
      emulator,
      "GET",
      `/servicePrincipals/${SP}/synchronization/jobs?$top=2&$select=templateId`,
    );
    expect(first.status).toBe(200);
    expect(first.json["@odata.context"]).toBe(
      `${emulator.url}/v1.0/$metadata#servicePrincipals('${SP}')/synchronization/jobs(templateId)`,
    );
    for (const job of first.json.value) expect(Object.keys(job).sort()).toEqual(["id", "templateId"]);
    const next = await call(emulator, "GET", first.json["@odata.nextLink"]);
    expect(next.status).toBe(200);
    expect(next.json.value).toHaveLength(1);
    expect(Object.keys(next.json.value[0]).sort()).toEqual(["id", "templateId"]);
  });

  it("400 naming a property the job does not have, and for options Graph refuses here", async () => {
    const emulator = await start();
    const unknown = await call(emulator, "GET", `${jobPath(JOBS.active)}?$select=status,colour`);
    expect(unknown.status).toBe(400);
    expectGraphError(unknown, "BadRequest");
    expect(unknown.json.error.message).toContain("'colour' is not a property of microsoft.graph.synchronizationJob");
    const empty = await call(emulator, "GET", `${jobPath(JOBS.active)}?$select=`);
    expect(empty.status).toBe(400);
    const filter = await call(emulator, "GET", `/servicePrincipals/${SP}/synchronization/jobs?$filter=id eq 'x'`);
    expect(filter.status).toBe(400);
    expect(filter.json.error.message).toContain("'$filter' is not supported");
  });
});
