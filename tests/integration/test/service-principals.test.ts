// The client's service principal lookups against the emulator: by appId, by display name, paged, and one by id.
import { createGraphSyncClient, GraphError } from "@graphsync/client";
import { DEMO_TENANT, startEmulator } from "@graphsync/emulator";
import { expect, it } from "vitest";

it("finds service principals by appId and display name, reads one, and every answer fits the spec", async () => {
  const emulator = await startEmulator({ clock: "manual", log: "silent" });
  try {
    const graph = createGraphSyncClient({ baseUrl: emulator.graphUrl(), accessToken: emulator.token });
    const collect = async (iterator: AsyncIterable<{ id: string }>) => {
      const ids: string[] = [];
      for await (const sp of iterator) ids.push(sp.id);
      return ids;
    };
    const appId = "1a4721b3-e57f-4451-ae87-ef078703ec94";
    expect(await collect(graph.listServicePrincipals({ appId }))).toEqual([DEMO_TENANT.servicePrincipalId]);
    expect(await collect(graph.listServicePrincipals({ displayName: "FABRIKAM CLOUD (SCIM)" }))).toEqual([
      DEMO_TENANT.jobs.quarantine.servicePrincipalId,
    ]);
    const all = await collect(graph.listServicePrincipals({}, { top: 2, select: ["displayName"] }));
    expect(all).toHaveLength(emulator.state.servicePrincipals().length);
    const one = await graph.getServicePrincipal(DEMO_TENANT.servicePrincipalId, { select: ["appId", "displayName"] });
    expect(one).toMatchObject({ id: DEMO_TENANT.servicePrincipalId, appId });
    const missing = await graph.getServicePrincipal("00000000-0000-4000-8000-000000000000").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(GraphError);
    expect(missing).toMatchObject({ status: 404, code: "Request_ResourceNotFound" });
    expect(emulator.contract.violations).toEqual([]);
  } finally {
    await emulator.close();
  }
});
