// Type tests: they pin the contract users compile against. `vitest --typecheck` fails on any error here,
// including an `@ts-expect-error` that no longer finds an error.
import { describe, expectTypeOf, it } from "vitest";
import type {
  DirectoryObject,
  GraphErrorBody,
  operations,
  paths,
  QuarantineReason,
  ScimBulkRequest,
  ScimUser,
  StartSynchronizationJobBody,
  SynchronizationJob,
  SynchronizationJobRestartScope,
  SynchronizationStatusCode,
  User,
} from "../src/index.js";

type StartPath = paths["/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/start"];
type Start = operations["startSynchronizationJob"];

describe("start", () => {
  it("is a POST with exactly the two path parameters", () => {
    expectTypeOf<StartPath["post"]>().toEqualTypeOf<Start>();
    expectTypeOf<Start["parameters"]["path"]>().toEqualTypeOf<{
      servicePrincipalId: string;
      synchronizationJobId: string;
    }>();
    expectTypeOf<StartPath["get"]>().toEqualTypeOf<undefined>();
  });

  it("has an optional body with the seed's parameters", () => {
    expectTypeOf<Start["requestBody"]>().toEqualTypeOf<
      { content: { "application/json": StartSynchronizationJobBody } } | undefined
    >();
    const empty: StartSynchronizationJobBody = {};
    const seed: StartSynchronizationJobBody = {
      parameters: [{ "@odata.type": "microsoft.graph.synchronizationJobApplicationParameters" }],
    };
    expectTypeOf(empty).toEqualTypeOf(seed);
    // @ts-expect-error a misspelt parameter does not compile
    const wrong: StartSynchronizationJobBody = { parametres: [] };
    // @ts-expect-error parameters is a collection
    const notArray: StartSynchronizationJobBody = { parameters: { ruleId: "x" } };
    void wrong;
    void notArray;
  });

  it("answers 200 with the wrapped pair or 204 with no body", () => {
    expectTypeOf<keyof Start["responses"]>().toEqualTypeOf<200 | 204 | 429 | 503 | "4XX" | "5XX">();
    expectTypeOf<Start["responses"][204]["content"]>().toEqualTypeOf<undefined>();
    expectTypeOf<Start["responses"][200]["content"]["application/json"]["value"]>().toEqualTypeOf<{
      "@odata.type"?: string;
      key?: string | null;
      value?: string | null;
    }>();
  });
});

describe("paths", () => {
  it("a wrong path does not exist", () => {
    // @ts-expect-error the path parameter is servicePrincipalId, not id
    type _Wrong = paths["/servicePrincipals/{id}/synchronization/jobs/{synchronizationJobId}/start"];
    expectTypeOf<keyof paths>().toEqualTypeOf<
      | "/auditLogs/provisioning"
      | "/servicePrincipals"
      | "/servicePrincipals/{servicePrincipalId}"
      | "/servicePrincipals/{servicePrincipalId}/synchronization/jobs"
      | "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}"
      | "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/start"
      | "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/pause"
      | "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/restart"
      | "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/provisionOnDemand"
      | "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/bulkUpload"
      | "/users"
      | "/users/{userId}"
    >();
  });
  it("bulkUpload takes a SCIM BulkRequest as application/scim+json, and nothing as application/json", () => {
    type Post =
      paths["/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/bulkUpload"]["post"];
    expectTypeOf<Post["requestBody"]["content"]>().toEqualTypeOf<{
      "application/scim+json": ScimBulkRequest;
    }>();
    expectTypeOf<ScimBulkRequest["Operations"][number]["method"]>().toEqualTypeOf<"POST">();
    // A custom extension is any object under its URN; the core attributes keep their types.
    expectTypeOf<{
      schemas: string[];
      externalId: string;
      "urn:contoso:hr:1.0:User": { badge: string };
    }>().toExtend<ScimUser>();
    expectTypeOf<{ schemas: string[]; externalId: number }>().not.toExtend<ScimUser>();
  });
  it("the users list takes $filter, $select, $expand, $top and $skiptoken", () => {
    expectTypeOf<NonNullable<operations["listUsers"]["parameters"]["query"]>>().toEqualTypeOf<{
      $filter?: string;
      $select?: string;
      $expand?: string;
      $top?: number;
      $skiptoken?: string;
    }>();
    expectTypeOf<User["manager"]>().toEqualTypeOf<DirectoryObject | null | undefined>();
  });
  it("the service principal list takes $filter, $select, $top and $skiptoken", () => {
    expectTypeOf<NonNullable<operations["listServicePrincipals"]["parameters"]["query"]>>().toEqualTypeOf<{
      $filter?: string;
      $select?: string;
      $top?: number;
      $skiptoken?: string;
    }>();
  });
  it("the provisioning logs take $filter, $top and $skiptoken, and answer provisioningObjectSummary pages", () => {
    expectTypeOf<NonNullable<operations["listProvisioningLogs"]["parameters"]["query"]>>().toEqualTypeOf<{
      $filter?: string;
      $top?: number;
      $skiptoken?: string;
    }>();
    type Page = operations["listProvisioningLogs"]["responses"]["200"]["content"]["application/json"];
    expectTypeOf<Page["value"][number]["activityDateTime"]>().toEqualTypeOf<string>();
  });
  it("list takes $top as a number", () => {
    expectTypeOf<NonNullable<operations["listSynchronizationJobs"]["parameters"]["query"]>>().toEqualTypeOf<{
      $top?: number;
      $skiptoken?: string;
      $select?: string;
    }>();
  });
});

describe("enums and nullability", () => {
  it("enums are PascalCase unions", () => {
    expectTypeOf<SynchronizationStatusCode>().toEqualTypeOf<
      "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine"
    >();
    expectTypeOf<SynchronizationJobRestartScope>().toEqualTypeOf<
      "None" | "ConnectorDataStore" | "Escrows" | "Watermark" | "QuarantineState" | "Full" | "ForceDeletes"
    >();
    expectTypeOf<"TooManyDeletes">().toExtend<QuarantineReason>();
    // @ts-expect-error camelCase is not a member
    const code: SynchronizationStatusCode = "active";
    void code;
  });
  it("nullable CSDL properties admit null; non-nullable ones do not", () => {
    type Status = NonNullable<SynchronizationJob["status"]>;
    expectTypeOf<SynchronizationJob["status"]>().toExtend<object | null | undefined>();
    expectTypeOf<null>().toExtend<SynchronizationJob["status"]>();
    expectTypeOf<null>().toExtend<Status["quarantine"]>();
    expectTypeOf<null>().not.toExtend<Status["code"]>();
    expectTypeOf<Status["countSuccessiveCompleteFailures"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<SynchronizationJob["id"]>().toEqualTypeOf<string>();
  });
  it("the error body has a required code and message", () => {
    expectTypeOf<GraphErrorBody["error"]["code"]>().toEqualTypeOf<string>();
    expectTypeOf<GraphErrorBody["error"]["message"]>().toEqualTypeOf<string>();
  });
});
