/** GET /servicePrincipals ($filter on appId or displayName, $select, paging) and GET /servicePrincipals/{id}. */
import { describe, expect, it } from "vitest";
import { DEMO_TENANT } from "../src/index.js";
import { call, expectGraphError, SP, specErrors, start } from "./helpers.js";

const CLOUD_SYNC_APP = "1a4721b3-e57f-4451-ae87-ef078703ec94";
const enc = encodeURIComponent;

describe("GET /servicePrincipals", () => {
  it("finds a service principal by appId, and by display name ignoring case", async () => {
    const emulator = await start();
    const byApp = await call(emulator, "GET", `/servicePrincipals?$filter=${enc(`appId eq '${CLOUD_SYNC_APP}'`)}`);
    expect(byApp.status).toBe(200);
    expect(byApp.json.value).toEqual([
      { id: SP, appId: CLOUD_SYNC_APP, displayName: "contoso.local (Microsoft Entra Cloud Sync)" },
    ]);
    expect(byApp.json["@odata.context"]).toBe(`${emulator.url}/v1.0/$metadata#servicePrincipals`);
    expect(specErrors("servicePrincipalCollectionResponse", byApp.json)).toEqual([]);
    const byName = await call(
      emulator,
      "GET",
      `/servicePrincipals?$filter=${enc("displayName eq 'fabrikam cloud (scim)'")}`,
    );
    expect(byName.json.value.map((sp: { id: string }) => sp.id)).toEqual([
      DEMO_TENANT.jobs.quarantine.servicePrincipalId,
    ]);
    const none = await call(emulator, "GET", `/servicePrincipals?$filter=${enc("displayName eq 'O''Brien Ltd'")}`);
    expect(none.json.value).toEqual([]);
  });

  it("lists every service principal in pages, keeping $filter and $select on the next link", async () => {
    const emulator = await start();
    const first = await call(emulator, "GET", "/servicePrincipals?$top=2&$select=displayName");
    expect(first.json.value).toHaveLength(2);
    for (const sp of first.json.value) expect(Object.keys(sp).sort()).toEqual(["displayName", "id"]);
    expect(first.json["@odata.context"]).toBe(`${emulator.url}/v1.0/$metadata#servicePrincipals(displayName)`);
    const ids: string[] = first.json.value.map((sp: { id: string }) => sp.id);
    let next: string | undefined = first.json["@odata.nextLink"];
    for (let page = 0; next && page < 10; page++) {
      expect(next).toContain("$select=displayName");
      const reply = await call(emulator, "GET", next);
      ids.push(...reply.json.value.map((sp: { id: string }) => sp.id));
      next = reply.json["@odata.nextLink"];
    }
    expect(next).toBeUndefined();
    expect(ids).toHaveLength(emulator.state.servicePrincipals().length);
  });

  it("refuses a filter it does not support, naming it, as Graph does", async () => {
    const emulator = await start();
    for (const filter of [
      "startswith(displayName,'Con')",
      "appId eq 'a' or appId eq 'b'",
      "colour eq 'red'",
      "appId eq x",
    ]) {
      const reply = await call(emulator, "GET", `/servicePrincipals?$filter=${enc(filter)}`);
      expect(reply.status, filter).toBe(400);
      expectGraphError(reply, "Request_UnsupportedQuery");
      expect(reply.json.error.message).toContain(filter);
    }
  });
});

describe("GET /servicePrincipals/{id}", () => {
  it("reads one, with $select; an unknown id is 404", async () => {
    const emulator = await start();
    const reply = await call(emulator, "GET", `/servicePrincipals/${SP}?$select=appId`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      "@odata.context": `${emulator.url}/v1.0/$metadata#servicePrincipals(appId)/$entity`,
      id: SP,
      appId: CLOUD_SYNC_APP,
    });
    const missing = await call(emulator, "GET", "/servicePrincipals/00000000-0000-4000-8000-000000000000");
    expect(missing.status).toBe(404);
    expectGraphError(missing, "Request_ResourceNotFound");
  });
});
