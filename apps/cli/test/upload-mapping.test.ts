/** upload's mapping (CSV2SCIM's shape), header mapping and JSON SCIM users: pure functions. */
import { describe, expect, it } from "vitest";
import { applyMapping } from "../src/upload/apply.js";
import { checkJsonUser, mappingFromHeader } from "../src/upload/identity.js";
import { compileMapping, type Mapping } from "../src/upload/mapping.js";
import { CORE_SCHEMA, ENTERPRISE_SCHEMA } from "../src/upload/scim-schema.js";

const ENTERPRISE = ENTERPRISE_SCHEMA;

function compiled(json: unknown): Mapping {
  const result = compileMapping(json);
  if ("problems" in result) throw new Error(JSON.stringify(result.problems));
  return result;
}

const row = (fields: Record<string, unknown>) => (column: string) => fields[column];

const HR_MAPPING = {
  externalId: "WorkerID",
  userName: { $template: "{FirstName}.{LastName}@contoso.com" },
  name: { givenName: "FirstName", familyName: "LastName" },
  active: { $column: "WorkerStatus", $equals: "Active" },
  userType: { $column: "Kind", $map: { E: "Employee", C: "Contractor" }, $default: "Employee" },
  emails: [{ type: { $const: "work" }, value: "WorkEmail", primary: { $const: true } }],
  [ENTERPRISE]: { department: "Dept", manager: "ManagerID" },
  "urn:contoso:hr:1.0:User": { badge: "Badge" },
};

describe("mapping", () => {
  it("maps columns, nested and multi-valued attributes, constants, booleans, value maps and templates", () => {
    const mapping = compiled(HR_MAPPING);
    expect([...mapping.columns].sort()).toEqual(
      ["Badge", "Dept", "FirstName", "Kind", "LastName", "ManagerID", "WorkEmail", "WorkerID", "WorkerStatus"].sort(),
    );
    const { user, problems } = applyMapping(
      mapping,
      row({
        WorkerID: "701984",
        FirstName: "Ada",
        LastName: "Lovelace",
        WorkerStatus: "Active",
        Kind: "C",
        WorkEmail: "ada@contoso.com",
        Dept: "Engines",
        ManagerID: "701001",
        Badge: "B-1",
      }),
    );
    expect(problems).toEqual([]);
    expect(user).toEqual({
      schemas: [CORE_SCHEMA, ENTERPRISE, "urn:contoso:hr:1.0:User"],
      externalId: "701984",
      userName: "Ada.Lovelace@contoso.com",
      name: { givenName: "Ada", familyName: "Lovelace" },
      active: true,
      userType: "Contractor",
      emails: [{ type: "work", value: "ada@contoso.com", primary: true }],
      [ENTERPRISE]: { department: "Engines", manager: { value: "701001" } },
      "urn:contoso:hr:1.0:User": { badge: "B-1" },
    });
  });

  it("leaves empty cells out, $equals false when the value differs, $default for an unknown $map value", () => {
    const { user, problems } = applyMapping(
      compiled(HR_MAPPING),
      row({ WorkerID: "2", FirstName: "", LastName: "", WorkerStatus: "Terminated", Kind: "", WorkEmail: "" }),
    );
    expect(problems).toEqual([]);
    expect(user).toEqual({ schemas: [CORE_SCHEMA], externalId: "2", active: false, userType: "Employee" });
  });

  it("reports a value the $map does not know, and a cell that is not a boolean", () => {
    const mapping = compiled({
      externalId: "id",
      active: "Active",
      userType: { $column: "Kind", $map: { E: "Employee" } },
    });
    const { problems } = applyMapping(mapping, row({ id: "1", Active: "yes", Kind: "X" }));
    expect(problems).toEqual([
      'active: "yes" in column "Active" is not a boolean (true or false)',
      'userType: "X" in column "Kind" is not in the $map (known: E; add it, or a $default)',
    ]);
  });

  it("reports a multi-valued entry without its required value", () => {
    const mapping = compiled({ externalId: "id", emails: [{ type: { $const: "work" }, value: "Mail" }] });
    expect(applyMapping(mapping, row({ id: "1", Mail: "" })).problems).toEqual([]);
    const { problems } = applyMapping(
      compiled({ externalId: "id", emails: [{ type: "T", value: "Mail" }] }),
      row({ id: "1", T: "work" }),
    );
    expect(problems).toEqual(["emails: has no value (an entry needs one; its column is empty)"]);
  });

  it("reports every mistake of a mapping at once, with its JSON path and what is allowed", () => {
    const result = compileMapping({
      externalID: "id",
      name: { givenNme: "First" },
      active: { $const: "yes" },
      emails: "Mail",
      title: 42,
      userType: { $column: "Kind", $nope: 1 },
      [ENTERPRISE]: { departement: "Dept" },
      displayName: { $template: "no columns" },
    });
    expect("problems" in result).toBe(true);
    const problems = (result as { problems: { where: string; message: string }[] }).problems;
    const byPath = Object.fromEntries(problems.map((p) => [p.where, p.message]));
    expect(byPath["$.name.givenNme"]).toMatch(
      /unknown SCIM attribute "givenNme" \(did you mean "givenName"\?\); allowed: formatted/,
    );
    expect(byPath["$.active.$const"]).toBe('active takes a boolean (true or false), got "yes"');
    expect(byPath["$.emails"]).toMatch(/emails has sub-attributes: give an array of objects/);
    expect(byPath["$.title"]).toMatch(/got number; a value is a column name \(string\), an object, an array/);
    expect(byPath["$.userType"]).toMatch(/unknown directive "\$nope"; allowed: \$const/);
    expect(byPath[`$["${ENTERPRISE}"].departement`]).toMatch(/did you mean "department"/);
    expect(byPath["$.displayName.$template"]).toBe("the template names no {Column}");
    // externalID is accepted case-insensitively as externalId (SCIM names are case-insensitive).
    expect(byPath.$).toBeUndefined();
    expect(problems).toHaveLength(7);
  });

  it("requires externalId", () => {
    const result = compileMapping({ userName: "Mail" });
    expect(result).toEqual({
      problems: [{ where: "$", message: expect.stringMatching(/the mapping has no externalId/) }],
    });
  });
});

describe("without --map", () => {
  it("maps a CSV header of SCIM attribute paths to itself, filters and extension URNs included", () => {
    const header = [
      "externalId",
      "name.givenName",
      'emails[type eq "work"].value',
      `${ENTERPRISE}:department`,
      `${ENTERPRISE}:manager`,
      "active",
    ];
    const mapping = mappingFromHeader(header);
    if ("problems" in mapping) throw new Error(mapping.problems.join("\n"));
    const { user, problems } = applyMapping(
      mapping,
      row({
        externalId: "7",
        "name.givenName": "Ada",
        'emails[type eq "work"].value': "ada@contoso.com",
        [`${ENTERPRISE}:department`]: "Engines",
        [`${ENTERPRISE}:manager`]: "1",
        active: "TRUE",
      }),
    );
    expect(problems).toEqual([]);
    expect(user).toEqual({
      schemas: [CORE_SCHEMA, ENTERPRISE],
      externalId: "7",
      name: { givenName: "Ada" },
      emails: [{ type: "work", value: "ada@contoso.com" }],
      [ENTERPRISE]: { department: "Engines", manager: { value: "1" } },
      active: true,
    });
  });

  it("names the columns that are not SCIM attribute paths, with a suggestion", () => {
    const mapping = mappingFromHeader(["externalId", "FirstName", "displayNme"]);
    expect(mapping).toEqual({
      problems: [
        expect.stringMatching(/"FirstName"/),
        expect.stringMatching(/"displayNme" \(did you mean "displayName"\?\)/),
      ],
    });
  });

  it("checks a JSON record as a SCIM user: unknown attributes, wrong types, names in any case", () => {
    const good = checkJsonUser({ ExternalId: "1", active: "false", name: { GivenName: "Ada" } });
    expect(good).toEqual({
      user: { schemas: [CORE_SCHEMA], externalId: "1", active: false, name: { givenName: "Ada" } },
      problems: [],
    });
    const bad = checkJsonUser({ externalId: 7, emails: { value: "x" }, nick: "n", name: { given: "A" } });
    expect(bad.problems).toEqual([
      'externalId: takes a string, got number "7"',
      "emails: is multi-valued: give an array, got object",
      'unknown SCIM attribute "nick" (did you mean "nickName"?)',
      'name: unknown attribute "given"; allowed: formatted, familyName, givenName, middleName, honorificPrefix, honorificSuffix',
    ]);
  });
});
