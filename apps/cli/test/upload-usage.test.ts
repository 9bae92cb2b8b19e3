/** `graphsync upload`'s usage errors: a bad command line, mapping or input is refused before anything is sent. */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { hasStackTrace, run } from "./helpers/runtime.js";

// Nothing listens here: any request would fail, so a usage error proves nothing was sent.
const NOWHERE = ["--base-url", "http://127.0.0.1:9/v1.0"];
const IDS = ["--sp", "11111111-2222-3333-4444-555555555555", "--job", "API2AAD.0123456789abcdef0123456789abcdef"];
let dir: string;

const file = async (name: string, text: string) => {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
};
const upload = (args: string[], extra: Parameters<typeof run>[1] = {}) =>
  run(["upload", ...IDS, ...NOWHERE, ...args], {
    env: { GRAPHSYNC_TOKEN: "t0ken-for-usage-tests", XDG_STATE_HOME: dir },
    ...extra,
  });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "graphsync-upload-usage-"));
});

describe("upload usage", () => {
  it("needs --from, and --timeout only with --wait", async () => {
    const result = await run(["upload", ...IDS, "--timeout", "5m"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required option --from");
    expect(result.stderr).toContain("--timeout applies only with --wait");
  });

  it("refuses a bad --budget and --duplicates", async () => {
    const from = await file("ok.csv", "externalId\n1\n");
    expect((await upload(["--from", from, "--budget", "0"])).stderr).toContain('invalid --budget "0"');
    expect((await upload(["--from", from, "--duplicates", "first"])).stderr).toContain("allowed values: error, last");
    expect((await upload(["--from", from, "--pace", "fast"])).stderr).toContain('invalid --pace "fast"');
    expect((await upload(["--from", from, "--pace", "40/0s"])).code).toBe(2);
  });

  it("names each problem of a mapping by its JSON path, all at once", async () => {
    const from = await file("w.csv", "WorkerID,First\n1,Ada\n");
    const map = await file(
      "bad-map.json",
      JSON.stringify({ externalId: "WorkerID", name: { givenNme: "First" }, active: { $const: 1 } }),
    );
    const result = await upload(["--from", from, "--map", map]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("2 problem(s) in the mapping; nothing was sent");
    expect(result.stderr).toContain('$.name.givenNme: unknown SCIM attribute "givenNme" (did you mean "givenName"?)');
    expect(result.stderr).toContain("$.active.$const: active takes a boolean (true or false), got 1");
    expect(hasStackTrace(result.stderr)).toBe(false);
    const broken = await file("broken.json", "{ not json");
    expect((await upload(["--from", from, "--map", broken])).stderr).toMatch(/is not valid JSON/);
  });

  it("lists the input's problems with file and line, as JSON with -o json", async () => {
    const from = await file("bad.csv", "externalId,active\r\n1,true\r\n1,yes\r\n,false\r\n");
    const result = await upload(["--from", from, "-o", "json"]);
    expect(result.code).toBe(2);
    const doc = JSON.parse(result.stdout);
    expect(doc.error.message).toBe(`${from}: 3 problem(s) in 3 record(s); nothing was sent`);
    expect(doc.error.details).toEqual([
      `${from}, line 3: active: "yes" in column "active" is not a boolean (true or false)`,
      `${from}, line 4: externalId is missing or empty (every record needs one: it is how the job matches the user)`,
      `${from}, line 2: externalId "1" is repeated, on lines 2, 3`,
    ]);
  });

  it("without --map, refuses headers that are not SCIM attribute paths", async () => {
    const from = await file("hr.csv", "WorkerID,FirstName\n1,Ada\n");
    const result = await upload(["--from", from]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("line 1 (the header)");
    expect(result.stderr).toContain('"WorkerID"');
    expect(result.stderr).toMatch(/hint: without --map, each column's header must be a SCIM attribute path/);
  });

  it("reads stdin with -", async () => {
    const result = await upload(["--from", "-"], { stdin: '{"externalId": "1", "title": 5}\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('stdin, line 1: title: takes a string, got number "5"');
  });
});
