// Type tests (`vitest --typecheck`): the contract users compile against. An `@ts-expect-error` that no longer
// finds an error fails the run too.
import type {
  StringKeyStringValuePair,
  SynchronizationJob,
  SynchronizationJobApplicationParameters,
} from "@graphsync/types";
import { describe, expectTypeOf, it } from "vitest";
import {
  type ActionResult,
  createGraphSyncClient,
  type GraphError,
  type GraphSyncClient,
  type GraphSyncCore,
  type GraphSyncError,
  type GraphSyncErrorName,
  getJob,
  listJobs,
  type NetworkError,
  type ProvisionOnDemandResult,
  pauseJob,
  provisionOnDemand,
  restartJob,
  type StartJobResult,
  startJob,
  type TokenCredentialLike,
  type ValidationError,
} from "../src/index.js";
import { createRawClient, type RawClient } from "../src/raw.js";

declare const client: GraphSyncClient;
declare const raw: RawClient;
const SP = "8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
const JOB = "scim.e4bbf44533ea4eabb17027f3a92e92aa";
const jobPath = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}" as const;
const path = { servicePrincipalId: SP, synchronizationJobId: JOB };

describe("startJob", () => {
  it("has a precise result: 204 without a value, 200 with the seed's pair or null", async () => {
    expectTypeOf(client.startJob).returns.toEqualTypeOf<Promise<StartJobResult>>();
    expectTypeOf<StartJobResult["status"]>().toEqualTypeOf<200 | 204>();
    const result = await client.startJob(SP, JOB);
    if (result.status === 200) {
      expectTypeOf(result.value).toEqualTypeOf<StringKeyStringValuePair | null>();
    } else {
      expectTypeOf(result.status).toEqualTypeOf<204>();
      expectTypeOf(result.value).toEqualTypeOf<undefined>();
    }
    expectTypeOf(result.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(result.clientRequestId).toEqualTypeOf<string>();
  });

  it("takes the seed's parameters, and only those", () => {
    expectTypeOf(client.startJob)
      .parameter(2)
      .toEqualTypeOf<
        { parameters?: SynchronizationJobApplicationParameters[]; signal?: AbortSignal; timeoutMs?: number } | undefined
      >();
    // @ts-expect-error parameters is a collection
    void client.startJob(SP, JOB, { parameters: { ruleId: "r" } });
    // @ts-expect-error a subject has no `id`
    void client.startJob(SP, JOB, { parameters: [{ subjects: [{ id: "x" }] }] });
  });
});

describe("the other methods", () => {
  it("return what the spec describes", () => {
    expectTypeOf(client.getJob).returns.toEqualTypeOf<Promise<SynchronizationJob>>();
    expectTypeOf(client.listJobs).returns.toEqualTypeOf<AsyncIterableIterator<SynchronizationJob>>();
    expectTypeOf(client.pauseJob).returns.toEqualTypeOf<Promise<ActionResult>>();
    expectTypeOf<ProvisionOnDemandResult["value"]>().toEqualTypeOf<StringKeyStringValuePair>();
    expectTypeOf<ProvisionOnDemandResult["decoded"]>().toEqualTypeOf<{ key: unknown; value: unknown }>();
  });

  it("check arguments at compile time where they can", () => {
    void client.restartJob(SP, JOB, { resetScope: ["Watermark", "Escrows", "QuarantineState"] });
    void client.restartJob(SP, JOB, { resetScope: "Watermark, Escrows" });
    // @ts-expect-error not a member of synchronizationJobRestartScope
    void client.restartJob(SP, JOB, { resetScope: ["Watermarks"] });
    // @ts-expect-error provisionOnDemand needs parameters
    void client.provisionOnDemand(SP, JOB);
    // @ts-expect-error $top is a number
    void client.listJobs(SP, { top: "10" });
  });
});

describe("the standalone functions", () => {
  it("have the methods' signatures, with the client first", () => {
    expectTypeOf(startJob).parameters.toEqualTypeOf<[GraphSyncCore, ...Parameters<GraphSyncClient["startJob"]>]>();
    expectTypeOf(getJob).parameters.toEqualTypeOf<[GraphSyncCore, ...Parameters<GraphSyncClient["getJob"]>]>();
    expectTypeOf(listJobs).parameters.toEqualTypeOf<[GraphSyncCore, ...Parameters<GraphSyncClient["listJobs"]>]>();
    expectTypeOf(pauseJob).parameters.toEqualTypeOf<[GraphSyncCore, ...Parameters<GraphSyncClient["pauseJob"]>]>();
    expectTypeOf(restartJob).parameters.toEqualTypeOf<[GraphSyncCore, ...Parameters<GraphSyncClient["restartJob"]>]>();
    expectTypeOf(provisionOnDemand).parameters.toEqualTypeOf<
      [GraphSyncCore, ...Parameters<GraphSyncClient["provisionOnDemand"]>]
    >();
    expectTypeOf(startJob).returns.toEqualTypeOf<ReturnType<GraphSyncClient["startJob"]>>();
    expectTypeOf(listJobs).returns.toEqualTypeOf<ReturnType<GraphSyncClient["listJobs"]>>();
    expectTypeOf(provisionOnDemand).returns.toEqualTypeOf<ReturnType<GraphSyncClient["provisionOnDemand"]>>();
  });

  it("need a client", () => {
    // @ts-expect-error the client comes first
    void startJob(SP, JOB);
    // @ts-expect-error a plain object is no client
    void startJob({}, SP, JOB);
  });
});

describe("options", () => {
  it("need exactly one of credential and accessToken", () => {
    const credential: TokenCredentialLike = {
      getToken: async () => ({ token: "t", expiresOnTimestamp: 0 }),
    };
    createGraphSyncClient({ credential });
    createGraphSyncClient({ accessToken: "t" });
    createGraphSyncClient({ accessToken: async () => "t" });
    // @ts-expect-error neither
    createGraphSyncClient({});
    // @ts-expect-error both
    createGraphSyncClient({ credential, accessToken: "t" });
    // @ts-expect-error an unknown cloud
    createGraphSyncClient({ accessToken: "t", cloud: "mars" });
    // @ts-expect-error an unknown version
    createGraphSyncClient({ accessToken: "t", apiVersion: "v2.0" });
  });

  it("accept @azure/identity's TokenCredential structurally (its declared shape, copied from @azure/core-auth)", () => {
    interface AbortSignalLike {
      readonly aborted: boolean;
      addEventListener(type: "abort", listener: (this: AbortSignalLike, ev: unknown) => unknown): void;
      removeEventListener(type: "abort", listener: (this: AbortSignalLike, ev: unknown) => unknown): void;
    }
    interface GetTokenOptions {
      abortSignal?: AbortSignalLike;
      requestOptions?: { timeout?: number };
      tracingOptions?: { tracingContext?: unknown };
      claims?: string;
      enableCae?: boolean;
      tenantId?: string;
    }
    interface AccessToken {
      token: string;
      expiresOnTimestamp: number;
      refreshAfterTimestamp?: number;
      tokenType?: "Bearer" | "pop";
    }
    interface TokenCredential {
      getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null>;
    }
    expectTypeOf<TokenCredential>().toExtend<TokenCredentialLike>();
  });
});

describe("errors", () => {
  it("carry typed fields", () => {
    expectTypeOf<GraphError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<GraphError["code"]>().toEqualTypeOf<string>();
    expectTypeOf<GraphError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<GraphError["requestId"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<GraphError["name"]>().toEqualTypeOf<"GraphError">();
    expectTypeOf<NetworkError["sent"]>().toEqualTypeOf<boolean>();
    expectTypeOf<ValidationError["field"]>().toEqualTypeOf<string>();
    expectTypeOf<GraphSyncError["name"]>().toEqualTypeOf<GraphSyncErrorName>();
    expectTypeOf<GraphError>().toExtend<GraphSyncError>();
  });
});

describe("raw client", () => {
  it("is made from a client", () => {
    expectTypeOf(createRawClient).parameter(0).toEqualTypeOf<GraphSyncCore>();
    expectTypeOf<GraphSyncClient>().toExtend<GraphSyncCore>();
    expectTypeOf(createRawClient(client)).toEqualTypeOf<RawClient>();
  });

  it("types every operation: data, params and bodies", async () => {
    const { data } = await raw.GET(jobPath, { params: { path } });
    expectTypeOf(data).toEqualTypeOf<SynchronizationJob | undefined>();
    const page = await raw.GET("/servicePrincipals/{servicePrincipalId}/synchronization/jobs", {
      params: { path: { servicePrincipalId: SP }, query: { $top: 10 } },
    });
    expectTypeOf(page.data?.value).toEqualTypeOf<SynchronizationJob[] | undefined>();
    void raw.POST(`${jobPath}/start`, { params: { path } });
    void raw.POST(`${jobPath}/restart`, { params: { path }, body: { criteria: { resetScope: "Full" } } });
  });

  it("a wrong path, parameter or body does not compile", () => {
    // @ts-expect-error the path parameter is servicePrincipalId, not id
    void raw.GET("/servicePrincipals/{id}/synchronization/jobs", { params: { path: { id: SP } } });
    // @ts-expect-error synchronizationJobId is missing
    void raw.GET(jobPath, { params: { path: { servicePrincipalId: SP } } });
    // @ts-expect-error a misspelt parameter
    void raw.GET(jobPath, { params: { path: { servicePrincipalId: SP, jobId: JOB } } });
    // @ts-expect-error start is a POST
    void raw.GET(`${jobPath}/start`, { params: { path } });
    // @ts-expect-error provisionOnDemand needs a body
    void raw.POST(`${jobPath}/provisionOnDemand`, { params: { path } });
    // @ts-expect-error a misspelt body property (request bodies are closed)
    void raw.POST(`${jobPath}/provisionOnDemand`, { params: { path }, body: { parametres: [] } });
    void raw.GET("/servicePrincipals/{servicePrincipalId}/synchronization/jobs", {
      // @ts-expect-error $top is a number
      params: { path: { servicePrincipalId: SP }, query: { $top: "10" } },
    });
  });
});
