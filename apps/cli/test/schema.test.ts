/** Schema as code, the pure parts: canonical form (schema pull), validation (bad files), the readable diff. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalize, canonicalText } from "../src/schema/canonical.js";
import { diffSchemas, hasDifferences, summary } from "../src/schema/diff.js";
import { diffLineText } from "../src/schema/print.js";
import { validateSchema } from "../src/schema/validate.js";
import { scimSchema } from "./helpers/schema-fixture.js";

const plain = {
  bold: (t: string) => t,
  dim: (t: string) => t,
  red: (t: string) => t,
  green: (t: string) => t,
  yellow: (t: string) => t,
  cyan: (t: string) => t,
};
const text = (schema: unknown, other: unknown) => diffSchemas(schema, other).lines.map((l) => diffLineText(l, plain));

function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = (seed * (i + 7)) % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("canonical form", () => {
  it("sorts keys and named arrays, keeps function parameters in order, drops @odata annotations", () => {
    const schema = scimSchema() as Record<string, unknown>;
    schema["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#…";
    const mapping = (
      schema.synchronizationRules as {
        objectMappings: { attributeMappings: { source: { parameters: unknown[] } }[] }[];
      }[]
    )[0]?.objectMappings[0]?.attributeMappings[1];
    if (mapping)
      mapping.source.parameters = [
        { key: "source", value: { type: "Attribute", name: "b" } },
        { key: "source", value: { type: "Attribute", name: "a" } },
      ];
    const canonical = canonicalize(schema) as Record<string, unknown>;
    expect(Object.keys(canonical)).toEqual(["directories", "id", "synchronizationRules", "version"]);
    const json = canonicalText(schema);
    expect(json).not.toContain("@odata");
    const targets = [...json.matchAll(/"targetAttributeName": "(.*)"/g)].map((m) => m[1]);
    expect(targets).toEqual(["active", 'emails[type eq \\"work\\"].value', "userName"]);
    expect(json.indexOf('"name": "b"')).toBeLessThan(json.indexOf('"name": "a"'));
    expect(json.endsWith("}\n")).toBe(true);
  });

  it("gives the same bytes whatever order the service sends (property: any shuffle of mappings and attributes)", () => {
    const reference = canonicalText(scimSchema());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const schema = scimSchema();
        const rule = schema.synchronizationRules[0];
        const mapping = rule?.objectMappings[0];
        if (!mapping || !rule) throw new Error("fixture");
        mapping.attributeMappings = shuffled(mapping.attributeMappings, seed);
        schema.directories = shuffled(schema.directories, seed + 1);
        for (const directory of schema.directories)
          for (const object of directory.objects) object.attributes = shuffled(object.attributes, seed + 2);
        return canonicalText(schema) === reference;
      }),
      { numRuns: 50 },
    );
  });
});

describe("validation of a schema file", () => {
  it("accepts the fixture and a pulled (canonical) copy", () => {
    expect(validateSchema(scimSchema())).toEqual([]);
    expect(validateSchema(JSON.parse(canonicalText(scimSchema())))).toEqual([]);
  });

  it("names the JSON path and what was expected, every problem at once", () => {
    const schema = scimSchema() as unknown as { synchronizationRules: Record<string, unknown>[] };
    const rule = schema.synchronizationRules[0] as { objectMappings: Record<string, unknown>[] };
    const mapping = rule.objectMappings[0] as { attributeMappings: Record<string, unknown>[]; enabled: unknown };
    mapping.enabled = "yes";
    (mapping.attributeMappings[0] as Record<string, unknown>).flowType = "Allways";
    (mapping.attributeMappings[1] as Record<string, unknown>).matchingPrority = 1;
    delete (mapping.attributeMappings[2] as Record<string, unknown>).source;
    const problems = validateSchema(schema);
    const at = "$.synchronizationRules[0].objectMappings[0]";
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: `${at}.enabled`, message: 'expected true or false, got the string "yes"' },
        expect.objectContaining({
          path: `${at}.attributeMappings[0].flowType`,
          message: expect.stringContaining('"Allways" is not allowed (did you mean Always?)'),
        }),
        expect.objectContaining({
          path: `${at}.attributeMappings[1].matchingPrority`,
          message: expect.stringContaining("did you mean matchingPriority?"),
        }),
        { path: `${at}.attributeMappings[2].source`, message: "missing: attributeMapping needs source" },
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it("refuses what is not a schema at all, and a mapping to an attribute the directory lacks", () => {
    expect(validateSchema([1, 2])).toEqual([
      { path: "$", message: "expected a synchronizationSchema object, got an array" },
    ]);
    expect(validateSchema({ value: [] })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: "$.value",
          message: expect.stringContaining("unknown property of synchronizationSchema"),
        }),
        { path: "$.directories", message: "missing: synchronizationSchema needs directories" },
      ]),
    );
    const schema = scimSchema();
    const mapping = schema.synchronizationRules[0]?.objectMappings[0]?.attributeMappings[0];
    if (mapping) mapping.targetAttributeName = "userNam";
    expect(validateSchema(schema)).toEqual([
      {
        path: "$.synchronizationRules[0].objectMappings[0].attributeMappings[0].targetAttributeName",
        message: expect.stringContaining(
          '"userNam" is not an attribute of "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User" in directory "customappsso" (did you mean userName?)',
        ),
      },
    ]);
  });
});

describe("diff", () => {
  it("finds no difference between a schema and a reordered copy, nor in volatile fields or unset values", () => {
    const other = scimSchema();
    const first = other.synchronizationRules[0]?.objectMappings[0]?.attributeMappings[0] as Record<string, unknown>;
    delete first.defaultValue;
    (first.source as Record<string, unknown>).parameters = undefined;
    other.version = "Date:2027-01-01T00:00:00Z";
    other.synchronizationRules[0]?.objectMappings[0]?.attributeMappings.reverse();
    const diff = diffSchemas(scimSchema(), other);
    expect(hasDifferences(diff)).toBe(false);
    expect(summary(diff)).toBe("no differences");
  });

  it("shows per object mapping: attribute mappings added, removed, changed; scoping clauses; settings", () => {
    const after = scimSchema();
    const mapping = after.synchronizationRules[0]?.objectMappings[0];
    if (!mapping) throw new Error("fixture");
    mapping.enabled = false;
    mapping.attributeMappings = mapping.attributeMappings.filter((m) => m.targetAttributeName !== "active");
    const userName = mapping.attributeMappings.find((m) => m.targetAttributeName === "userName");
    if (userName) {
      userName.source = {
        type: "Function",
        name: "Replace",
        expression: 'Replace([userPrincipalName], "@contoso.com", , , , , )',
        parameters: [],
      };
      userName.matchingPriority = 2;
    }
    mapping.attributeMappings.push({
      targetAttributeName: "title",
      source: { type: "Attribute", name: "jobTitle", expression: "[jobTitle]", parameters: [] },
      flowType: "Always",
      flowBehavior: "FlowWhenChanged",
      matchingPriority: 0,
      defaultValue: null,
      exportMissingReferences: false,
    });
    mapping.scope.groups[0]?.clauses.push({
      operatorName: "IS NOT NULL",
      sourceOperandName: "mail",
      targetOperand: { values: [] },
    });
    const lines = text(scimSchema(), after);
    expect(lines).toEqual([
      "~ rule USER_OUTBOUND (Azure Active Directory → customappsso)",
      "    object mapping Provision Azure Active Directory Users",
      "      enabled: true → false",
      "    + scoping filter sales: clause mail IS NOT NULL",
      '    - active ← Switch([IsSoftDeleted], , "False", "True", "True", "False")',
      "    + title ← [jobTitle]",
      "    ~ userName",
      '        source: [userPrincipalName] → Replace([userPrincipalName], "@contoso.com", , , , , )',
      "        matchingPriority: 1 → 2",
    ]);
    expect(summary(diffSchemas(scimSchema(), after))).toBe("2 added, 1 removed, 2 changed");
  });

  it("shows rules, object mappings and directory attributes added and removed", () => {
    const after = scimSchema();
    after.synchronizationRules.push({
      ...structuredClone(after.synchronizationRules[0] as (typeof after.synchronizationRules)[0]),
      id: "GROUP",
      name: "GROUP_OUTBOUND",
    });
    const attributes = after.directories[1]?.objects[0]?.attributes ?? [];
    attributes.push({ ...(attributes[0] as (typeof attributes)[0]), name: "nickName" });
    const lines = text(scimSchema(), after);
    expect(lines).toContain("+ rule GROUP_OUTBOUND (Azure Active Directory → customappsso, 1 object mapping(s))");
    expect(lines).toContain("  directory customappsso");
    expect(lines).toContain(
      "  + attribute urn:ietf:params:scim:schemas:extension:enterprise:2.0:User.nickName (String)",
    );
    expect(text(after, scimSchema())).toContain("- rule GROUP_OUTBOUND (Azure Active Directory → customappsso)");
  });
});
