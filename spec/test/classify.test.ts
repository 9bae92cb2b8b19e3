import { describe, expect, it } from "vitest";
import { bumpCovers, classify, minimumBump } from "../tools/classify.mjs";
import { loadSpec } from "./load.js";

// biome-ignore lint/suspicious/noExplicitAny: the fixtures poke at arbitrary corners of the document
type Doc = any;
const base = (): Doc => structuredClone(loadSpec());
const kinds = (a: Doc, b: Doc) => [...new Set(classify(a, b).map((c) => c.kind))].sort();
const START = "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/start";

describe("spec change classification", () => {
  it("an unchanged spec has no changes and needs no bump", () => {
    expect(classify(base(), base())).toEqual([]);
    expect(minimumBump([], "0.1.0")).toBe("none");
  });

  it("docs-only: descriptions, summaries, examples, info", () => {
    const next = base();
    next.paths[START].post.description = "Starts the job. Reworded.";
    next.components.schemas.synchronizationJob.properties.templateId.description = "The template.";
    next.components.examples.activeJob.value.templateId = "scim";
    next.info.version = "1.0.1";
    expect(kinds(base(), next)).toEqual(["docs"]);
    expect(minimumBump(classify(base(), next), "0.3.0")).toBe("patch");
  });

  it("additive: a new optional property, enum member, operation and optional parameter", () => {
    const next = base();
    next.components.schemas.synchronizationStatus.properties.lastRunSummary = { type: ["string", "null"] };
    next.components.schemas.synchronizationStatusCode.enum.push("Stopped");
    next.paths[
      "/servicePrincipals/{servicePrincipalId}/synchronization/jobs/{synchronizationJobId}/schema/directories/{directoryDefinitionId}/discover"
    ] = {
      post: { operationId: "discoverDirectory", responses: { "200": { description: "ok" } } },
    };
    next.paths[START].post.parameters = [{ name: "reason", in: "query", required: false, schema: { type: "string" } }];
    const changes = classify(base(), next);
    expect(changes.every((c) => c.kind === "additive")).toBe(true);
    expect(changes.map((c) => c.what)).toEqual(
      expect.arrayContaining([
        "property added",
        "enum member Stopped added",
        "operation added",
        "optional parameter added",
      ]),
    );
    expect(minimumBump(changes, "0.3.0")).toBe("patch");
    expect(minimumBump(changes, "1.3.0")).toBe("minor");
  });

  it("breaking: removed operation, property, enum member; narrowed type; new required field", () => {
    const cases: [string, (d: Doc) => void, string][] = [
      ["operation removed", (d) => delete d.paths[START], "operation removed"],
      [
        "property removed",
        (d) => delete d.components.schemas.synchronizationStatus.properties.progress,
        "property removed",
      ],
      [
        "enum member removed",
        (d) => d.components.schemas.quarantineReason.enum.pop(),
        "enum member IngestionInterrupted removed",
      ],
      [
        "type narrowed",
        (d) => {
          d.components.schemas.synchronizationJob.properties.templateId.type = "string";
        },
        "type narrowed: null no longer allowed",
      ],
      [
        "new required request field",
        (d) => {
          const s = d.components.schemas.startSynchronizationJobRequest;
          s.properties.reason = { type: "string" };
          s.required = ["reason"];
        },
        "new required property",
      ],
      [
        "parameter removed",
        (d) => {
          d.paths["/servicePrincipals/{servicePrincipalId}/synchronization/jobs"].get.parameters.pop();
        },
        "parameter removed",
      ],
      [
        "tighter length",
        (d) => (d.components.parameters.synchronizationJobId.schema.maxLength = 64),
        "maxLength tightened to 64",
      ],
      ["body became required", (d) => (d.paths[START].post.requestBody.required = true), "body became required"],
    ];
    for (const [name, mutate, what] of cases) {
      const next = base();
      mutate(next);
      const changes = classify(base(), next);
      expect(
        changes.filter((c) => c.kind === "breaking").map((c) => c.what),
        name,
      ).toContain(what);
      expect(minimumBump(changes, "0.4.2"), name).toBe("minor");
      expect(minimumBump(changes, "2.0.0"), name).toBe("major");
    }
  });

  it("a new required property of a response is additive, of a request breaking", () => {
    const next = base();
    next.components.schemas.synchronizationJob.properties.createdDateTime = { type: "string", format: "date-time" };
    next.components.schemas.synchronizationJob.required.push("createdDateTime");
    expect(classify(base(), next).map((c) => c.kind)).toEqual(["additive"]);
  });

  it("what it does not understand counts as breaking", () => {
    const next = base();
    next.components.schemas.synchronizationJob.properties.id.const = "fixed";
    expect(classify(base(), next)[0]?.kind).toBe("breaking");
  });

  it("compares bumps", () => {
    expect(bumpCovers("minor", "patch")).toBe(true);
    expect(bumpCovers("patch", "minor")).toBe(false);
    expect(bumpCovers("none", "none")).toBe(true);
    expect(bumpCovers("major", "minor")).toBe(true);
  });
});
