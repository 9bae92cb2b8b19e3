import { describe, expect, it } from "vitest";
import { compare, type Schema, type Spec } from "./csdl.js";
import { loadCsdl, loadSpec, readSlice } from "./load.js";

const csdl = loadCsdl();
const spec = loadSpec();

// `entity` is folded into synchronizationJob and provisioningObjectSummary (its only property, `id`, is checked
// there); `identity` likewise into initiator, provisionedIdentity, provisioningServicePrincipal and
// provisioningSystem; `synchronization` is the container the jobs hang off, which no operation here returns;
// `bulkUpload` is a media entity whose stream (the SCIM BulkRequest, `scimBulkRequest`) is what the spec describes.
const NOT_MIRRORED = new Set(["entity", "identity", "synchronization", "bulkUpload"]);
const mirrored = [...csdl.types.keys()].filter((n) => !NOT_MIRRORED.has(n));

describe("spec components mirror the CSDL extract", () => {
  it("covers every type the extract defines", () => {
    expect(mirrored.length).toBeGreaterThanOrEqual(20);
    for (const name of mirrored) expect(spec.components.schemas, name).toHaveProperty([name]);
  });

  it("has the CSDL's property names, enum members, nullability and formats", () => {
    expect(compare(csdl, spec, mirrored)).toEqual([]);
  });

  it("fails when a property is renamed, a member dropped or nullability changed", () => {
    const mutated = structuredClone(spec) as Spec;
    const status = mutated.components.schemas.synchronizationStatus as Schema;
    const props = status.properties as Record<string, Schema>;
    props.lastExecutionTime = props.lastExecution as Schema;
    delete props.lastExecution;
    const code = mutated.components.schemas.synchronizationStatusCode as Schema;
    code.enum = (code.enum ?? []).filter((m) => m !== "Quarantine");
    (props.troubleshootingUrl as Schema).type = "string";
    const problems = compare(csdl, mutated, mirrored);
    expect(problems).toContain("synchronizationStatus.lastExecution: in the CSDL, missing from the spec");
    expect(problems).toContain("synchronizationStatus.lastExecutionTime: in the spec, not in the CSDL");
    expect(problems.some((p) => p.startsWith("synchronizationStatusCode: enum members"))).toBe(true);
    expect(problems).toContain("synchronizationStatus.troubleshootingUrl: CSDL says nullable, the spec disagrees");
  });

  it("fails when an int64 loses its format or a reference points elsewhere", () => {
    const mutated = structuredClone(spec) as Spec;
    const progress = mutated.components.schemas.synchronizationProgress?.properties as Record<string, Schema>;
    delete (progress.totalUnits as Schema).format;
    const quarantine = mutated.components.schemas.synchronizationQuarantine?.properties as Record<string, Schema>;
    quarantine.reason = { $ref: "#/components/schemas/synchronizationStatusCode" };
    const problems = compare(csdl, mutated, mirrored);
    expect(problems).toContain("synchronizationProgress.totalUnits: CSDL Edm.Int64 must carry format int64");
    expect(problems).toContain(
      "synchronizationQuarantine.reason: CSDL graph.quarantineReason must reference #/components/schemas/quarantineReason",
    );
  });
});

describe("the provisioning-log types", () => {
  const LOG_TYPES = [
    "provisioningObjectSummary",
    "initiator",
    "initiatorType",
    "modifiedProperty",
    "provisionedIdentity",
    "provisioningAction",
    "provisioningErrorInfo",
    "provisioningResult",
    "provisioningServicePrincipal",
    "provisioningStatusErrorCategory",
    "provisioningStatusInfo",
    "provisioningStep",
    "provisioningStepType",
    "provisioningSystem",
    "detailsInfo",
  ];

  it("are all in the extract and all mirrored", () => {
    const logsOnly = loadCsdl(["graph-v1.0-provisioning-logs.csdl.xml"]);
    expect([...logsOnly.types.keys()].filter((n) => !NOT_MIRRORED.has(n)).sort()).toEqual([...LOG_TYPES].sort());
    for (const name of LOG_TYPES) expect(mirrored, name).toContain(name);
  });

  it("fails when an inherited property, an enum member or a date-time format goes missing", () => {
    const mutated = structuredClone(spec) as Spec;
    const summary = mutated.components.schemas.provisioningObjectSummary?.properties as Record<string, Schema>;
    delete (summary.activityDateTime as Schema).format;
    const sp = mutated.components.schemas.provisioningServicePrincipal?.properties as Record<string, Schema>;
    delete sp.displayName;
    const steps = mutated.components.schemas.provisioningStepType as Schema;
    steps.enum = (steps.enum ?? []).filter((m) => m !== "referenceResolution");
    (summary.jobId as Schema).type = "string";
    const problems = compare(csdl, mutated, mirrored);
    expect(problems).toContain(
      "provisioningObjectSummary.activityDateTime: CSDL Edm.DateTimeOffset must carry format date-time",
    );
    expect(problems).toContain("provisioningServicePrincipal.displayName: in the CSDL, missing from the spec");
    expect(problems.some((p) => p.startsWith("provisioningStepType: enum members"))).toBe(true);
    expect(problems).toContain("provisioningObjectSummary.jobId: CSDL says nullable, the spec disagrees");
  });
});

describe("actions match the CSDL's bound actions", () => {
  type Op = { requestBody?: { content: { "application/json": { schema: Schema } } } };
  const op = (action: string): Op =>
    spec.paths[`/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/${action}`]
      ?.post as Op;
  const bodyProps = (action: string) => {
    const ref = op(action).requestBody?.content["application/json"].schema.$ref;
    if (!ref) return [];
    const body = spec.components.schemas[ref.replace("#/components/schemas/", "")] as Schema;
    return Object.keys(body.properties ?? {});
  };

  it.each(["pause", "restart", "provisionOnDemand"])("%s takes exactly the CSDL's parameters", (name) => {
    const action = csdl.actions.get(name);
    expect(action).toBeDefined();
    expect(bodyProps(name)).toEqual(action?.parameters.map((p) => p.name));
  });

  it("start: the CSDL has no parameters; the spec adds only the seed's optional `parameters`", () => {
    expect(csdl.actions.get("start")?.parameters).toEqual([]);
    expect(bodyProps("start")).toEqual(["parameters"]);
    expect(bodyProps("start")).toEqual(csdl.actions.get("provisionOnDemand")?.parameters.map((p) => p.name));
  });
});

describe("bulkUpload (a media entity)", () => {
  const BULK = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/bulkUpload";
  type Post = { requestBody: { content: Record<string, { schema: Schema }> }; responses: Record<string, unknown> };
  const post = spec.paths[BULK]?.post as Post;

  it("is in its slice as a stream with no properties of its own, contained by synchronizationJob", () => {
    expect(readSlice("graph-v1.0-bulk-upload.csdl.xml")).toContain(
      '<EntityType Name="bulkUpload" BaseType="graph.entity" HasStream="true" />',
    );
    const type = csdl.types.get("bulkUpload");
    expect(type).toMatchObject({ kind: "entity", baseType: "entity", properties: [] });
    expect(readSlice("graph-v1.0-synchronization.csdl.xml")).toContain(
      '<NavigationProperty Name="bulkUpload" Type="graph.bulkUpload" ContainsTarget="true" />',
    );
  });

  it("is posted as its stream: SCIM JSON only, answered 202 with a Location", () => {
    expect(Object.keys(post.requestBody.content)).toEqual(["application/scim+json"]);
    expect(post.requestBody.content["application/scim+json"]?.schema).toEqual({
      $ref: "#/components/schemas/scimBulkRequest",
    });
    expect(post.responses["202"]).toMatchObject({ headers: { Location: { schema: { format: "uri" } } } });
  });
});
