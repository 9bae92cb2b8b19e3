// The attribute-mapping expression language on its own: every function of the catalogue evaluated at least once,
// the parsed tree, and the errors (unit tests of setup/; the HTTP answers are in job-schema.test.ts).
import { describe, expect, it } from "vitest";
import { createRandom } from "../src/random.js";
import { parseExpressionAnswer } from "../src/setup/evaluate.js";
import { attributesOf, parse, toSource } from "../src/setup/expression.js";
import { FUNCTIONS } from "../src/setup/functions.js";

const random = createRandom("expression-tests");
const ctx = { now: Date.UTC(2026, 10, 28, 10), random: () => random.next() };
const input = (values: Record<string, unknown>) => ({
  definition: null,
  properties: Object.entries(values).map(([key, value]) => ({ key, value })),
});
const run = (expression: string, values: Record<string, unknown> = {}) => {
  const answer = parseExpressionAnswer(expression, input(values), ctx);
  if (!answer.evaluationSucceeded) throw new Error(`${expression}: ${answer.error?.message}`);
  return answer.evaluationResult ?? [];
};

// [expression, input, result]: at least one case per function (checked below).
const CASES: [string, Record<string, unknown>, string[] | RegExp][] = [
  ['Append([a], "@contoso.com")', { a: "adele" }, ["adele@contoso.com"]],
  ["AppRoleAssignmentsComplex([r])", { r: ["Admin", "User"] }, ["Admin", "User"]],
  ["BitAnd([flags], 2)", { flags: 514 }, ["2"]],
  ["CBool([n])", { n: "1" }, ["True"]],
  ["CDate([d])", { d: "2026-03-01T08:00:00+01:00" }, ["2026-03-01T07:00:00.000Z"]],
  ['Coalesce([a], [b], "none")', { b: "second" }, ["second"]],
  ["ConvertToBase64([s])", { s: "Hi" }, ["SABpAA=="]],
  ["ConvertToUTF8Hex([s])", { s: "é" }, ["c3a9"]],
  ["Count([m])", { m: ["a", "b", "c"] }, ["3"]],
  ["CStr([n])", { n: 42 }, ["42"]],
  ['DateAdd("d", 3, [d])', { d: "2026-02-27T00:00:00Z" }, ["2026-03-02T00:00:00.000Z"]],
  ["DateFromNum([n])", { n: "133451424000000000" }, ["2023-11-22T16:00:00.000Z"]],
  ['FormatDateTime([d], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")', { d: "20260301083000.0Z" }, ["2026-03-01"]],
  ["Guid()", {}, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/],
  ["IgnoreFlowIfNullOrEmpty([a])", { a: "" }, []],
  ['IIF([active], "enabled", "disabled")', { active: true }, ["enabled"]],
  ['InStr([a], "b")', { a: "abc" }, ["2"]],
  ["IsNull([a])", {}, ["True"]],
  ["IsNullOrEmpty([a])", { a: "" }, ["True"]],
  ["IsPresent([a])", { a: "x" }, ["True"]],
  ["IsString([a])", { a: "12" }, ["False"]],
  ["Item([m], 2)", { m: ["a", "b"] }, ["b"]],
  ['Join(", ", [m], [x])', { m: ["a", "b"], x: "c" }, ["a, b, c"]],
  ["Left([a], 3)", { a: "Adele" }, ["Ade"]],
  ["Mid([a], 2, 3)", { a: "Adele" }, ["del"]],
  ["NormalizeDiacritics([a])", { a: "Zoë Ångström" }, ["Zoe Angstrom"]],
  ["Not([a])", { a: "False" }, ["True"]],
  ["Now()", {}, ["2026-11-28T10:00:00.000Z"]],
  ["NumFromDate([d])", { d: "2023-11-22T16:00:00Z" }, ["133451424000000000"]],
  ["PCase([a])", { a: "ADELE vance-smith" }, ["Adele Vance-Smith"]],
  ['RandomString(8, 1, 1, 1, 1, "0Oo")', {}, /^[^0Oo]{8}$/],
  ["RemoveDuplicates([m])", { m: ["a", "b", "a"] }, ["a", "b"]],
  ['Replace([a], "-", , , "", , )', { a: "555-0100" }, ["5550100"]],
  ['Replace([a], , "(?<digits>\\\\d+)@", "digits", "N", , )', { a: "ab12@x" }, ["abN@x"]],
  ["SelectUniqueValue([a], [b])", { b: "fallback" }, ["fallback"]],
  ["SingleAppRoleAssignment([r])", { r: ["Admin", "User"] }, ["Admin"]],
  ['Split([a], ";")', { a: "x;y" }, ["x", "y"]],
  ["StripSpaces([a])", { a: " a b " }, ["ab"]],
  ['Switch([c], "Unknown", "US", "United States", "FR", "France")', { c: "FR" }, ["France"]],
  ["ToLower([a])", { a: "ABC" }, ["abc"]],
  ["ToUpper([a])", { a: "abc" }, ["ABC"]],
  ['Word([a], 2, " ")', { a: "Adele Vance" }, ["Vance"]],
];

describe("functions", () => {
  it.each(CASES)("%s", (expression, values, expected) => {
    const result = run(expression, values);
    if (expected instanceof RegExp) expect(result.join(",")).toMatch(expected);
    else expect(result).toEqual(expected);
  });

  it("every function of the catalogue has a case", () => {
    const used = new Set(CASES.map(([expression]) => /^[A-Za-z0-9]+/.exec(expression)?.[0]));
    expect(FUNCTIONS.map((f) => f.name).filter((name) => !used.has(name))).toEqual([]);
  });
});

describe("parsing", () => {
  it("reads SCIM attribute names with quotes, brackets and colons, escaped quotes and empty arguments", () => {
    const node = parse('Join("\\"", [emails[type eq "work"].value], [urn:x:User:manager], , 3)');
    expect(attributesOf(node)).toEqual(['emails[type eq "work"].value', "urn:x:User:manager"]);
    expect(toSource(node).parameters?.map((p) => [p.key, p.value?.type, p.value?.name])).toEqual([
      ["separator", "Constant", '"'],
      ["source", "Attribute", 'emails[type eq "work"].value'],
      ["source", "Attribute", "urn:x:User:manager"],
      ["source", "Constant", ""],
      ["source", "Constant", "3"],
    ]);
  });

  it("names Switch's repeated key and value parameters in turn", () => {
    const keys = toSource(parse('Switch([a], "d", "k1", "v1", "k2", "v2")')).parameters?.map((p) => p.key);
    expect(keys).toEqual(["source", "defaultValue", "key", "value", "key", "value"]);
  });

  it.each([
    ["[givenName", "An attribute name has no closing ']' at position 1."],
    ['"open', "A string constant has no closing quote at position 1."],
    ["Join(", "The expression ends early at position 6."],
    ["ToLower([a]) extra", "Unexpected 'e' after the expression at position 14."],
    ["ToLowr([a])", "The function 'ToLowr' is not defined. Did you mean ToLower?"],
    ["Left([a])", "The function 'Left' takes 2 arguments, not 1."],
    ["Join([a])", "The function 'Join' takes at least 2 arguments, not 1."],
  ])("%s: %s", (expression, message) => {
    const answer = parseExpressionAnswer(expression, null, ctx);
    expect(answer).toMatchObject({ parsingSucceeded: false, parsedExpression: null, error: { message } });
  });

  it("says which attributes the test input lacks (evaluated as null)", () => {
    const answer = parseExpressionAnswer('Join(" ", [givenName], [surname])', input({ givenName: "Adele" }), ctx);
    expect(answer.evaluationResult).toEqual(["Adele"]);
    expect(answer.error?.message).toBe("Not in the test input (evaluated as null): surname.");
  });
});
