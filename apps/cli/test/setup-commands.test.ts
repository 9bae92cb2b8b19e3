/** The setup and schema commands against the emulator on 127.0.0.1 (its job setup and schema endpoints). */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../src/schema/canonical.js";
import { closeEmulators } from "./helpers/emulator.js";
import { hasStackTrace, run } from "./helpers/runtime.js";
import { cliWith, JOB, SP, setupEmulator, TOKEN_VALUE, writes } from "./helpers/setup-emulator.js";

let emulator: Emulator;
let dir: string;
beforeEach(async () => {
  await closeEmulators();
  emulator = await setupEmulator();
  dir = await mkdtemp(join(tmpdir(), "graphsync-setup-"));
});
afterAll(closeEmulators);
const cli = cliWith(() => emulator);
const ids = ["--sp", SP, "--job", JOB];

type Schema = {
  synchronizationRules: {
    objectMappings: { name: string; attributeMappings: { targetAttributeName: string; flowType: string }[] }[];
  }[];
};
async function pulled(): Promise<Schema> {
  return JSON.parse((await cli(["schema", "pull", ...ids])).stdout);
}
const users = (schema: Schema) =>
  schema.synchronizationRules[0]?.objectMappings.find((m) => m.name === "Provision Microsoft Entra ID Users");

describe("templates, jobs create and delete", () => {
  it("lists templates and creates a job that starts NotConfigured, with next steps", async () => {
    const templates = await cli(["templates", "list", "--sp", SP]);
    expect(templates.code, templates.stderr).toBe(0);
    expect(templates.stdout).toMatch(/^TEMPLATE ID\s+FACTORY TAG\s+DEFAULT\s+DESCRIPTION\nscim\s+CustomSCIM\s+yes\s+/);
    const created = await cli(["jobs", "create", "--sp", SP, "--template", "scim"]);
    expect(created.code, created.stderr).toBe(0);
    const job = emulator.state.listJobs(SP)?.find((j) => j.id !== JOB);
    expect(created.stdout).toContain(`created job ${job?.id} (template scim)`);
    expect(created.stdout).toContain("status: NotConfigured");
    expect(created.stderr).toContain("next steps:");
    expect(created.stderr).toContain(`graphsync jobs start --sp ${SP} --job ${job?.id}`);
    const json = JSON.parse((await cli(["jobs", "create", "--sp", SP, "--template", "scim", "-o", "json"])).stdout);
    expect(json).toMatchObject({ templateId: "scim", status: { code: "NotConfigured" } });
    const unknown = await cli(["jobs", "create", "--sp", SP, "--template", "workday"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("is not a template of service principal");
  });

  it("refuses to delete without --force, saying what is lost; deletes with it", async () => {
    const refused = await cli(["jobs", "delete", ...ids]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`not deleting job ${JOB} (template scim, status NotConfigured) without --force`);
    for (const lost of ["state and progress", "schema customisations", "impossible to configure"]) {
      expect(refused.stderr).toContain(lost);
    }
    expect(writes(emulator)).toEqual([]);
    const deleted = await cli(["jobs", "delete", ...ids, "--force"]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(emulator.state.listJobs(SP)).toEqual([]);
  });
});

describe("secrets set and credentials validate", () => {
  it("saves secrets from the command line, env and a file; prints keys, never values", async () => {
    const file = join(dir, "secrets.json");
    await writeFile(file, JSON.stringify({ SyncNotificationSettings: '{"Enabled":false}' }));
    const result = await cli(
      ["secrets", "set", "--sp", SP, "--set", "BaseAddress=https://scim.example.com/scim"].concat([
        "--set-from-env",
        "SecretToken=SCIM_TOKEN",
        "--from-file",
        file,
        "--verbose",
      ]),
      { SCIM_TOKEN: TOKEN_VALUE },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("saved 3 secret(s)");
    expect(result.stdout).toContain("SecretToken (from env SCIM_TOKEN)");
    expect(result.stdout + result.stderr).not.toContain(TOKEN_VALUE);
    expect(result.stderr).toContain('"value": "<redacted>"');
    const saved = await cli(["credentials", "validate", ...ids, "--saved"]);
    expect(saved.code, saved.stderr).toBe(0);
  });

  it("refuses a secret-bearing key with --set, and a typo, before sending anything", async () => {
    const result = await cli(
      ["secrets", "set", "--sp", SP, "--set", "SecretToken=argv-secret-1234"].concat(["--set", "BaseAdress=https://x"]),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("SecretToken carries a secret and is never taken on the command line");
    expect(result.stderr).toContain("did you mean BaseAddress?");
    expect(result.stderr).not.toContain("argv-secret-1234");
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(emulator.requests.count).toBe(0);
  });

  it("--dry-run shows keys and sources only, and sends nothing", async () => {
    const result = await cli(["secrets", "set", "--sp", SP, "--set-from-env", "SecretToken=SCIM_TOKEN", "--dry-run"], {
      SCIM_TOKEN: TOKEN_VALUE,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("SecretToken (from env SCIM_TOKEN)");
    expect(result.stdout + result.stderr).not.toContain(TOKEN_VALUE);
    expect(emulator.requests.count).toBe(0);
  });

  it("validates credentials: exit 0 when valid, 1 with the service's reason when not, and the saved ones", async () => {
    const given = (base: string, token = "T") => [
      "--set",
      `BaseAddress=${base}`,
      "--set-from-env",
      `SecretToken=${token}`,
    ];
    const env = { T: TOKEN_VALUE, WRONG: "not-the-accepted-token" };
    const ok = await cli(["credentials", "validate", ...ids, ...given("https://scim.example.com")], env);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("valid: the service accepted the credentials");
    const insecure = await cli(
      ["credentials", "validate", "--sp", SP, "--template", "scim", ...given("http://x.example.com")],
      env,
    );
    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toMatch(/are not valid: .*BaseAddress/);
    const wrong = await cli(["credentials", "validate", ...ids, ...given("https://scim.example.com", "WRONG")], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("are not valid");
    const saved = await cli(["credentials", "validate", ...ids, "--saved"]);
    expect(saved.code).toBe(1);
    expect(saved.stderr).toContain("the saved credentials are not valid");
    for (const r of [ok, insecure, wrong, saved]) expect(r.stdout + r.stderr).not.toContain(TOKEN_VALUE);
    const dry = await cli(
      ["credentials", "validate", ...ids, ...given("https://scim.example.com", "SHORT"), "--dry-run"],
      {
        SHORT: "short",
      },
    );
    expect(dry.stdout).toContain(`/servicePrincipals/${SP}/synchronization/jobs/${JOB}/validateCredentials`);
    expect(dry.stdout).toContain('"key": "SecretToken"');
    expect(dry.stdout).not.toMatch(/short|scim\.example\.com/);
  });
});

describe("schema pull, diff, apply, check-expression", () => {
  it("pulls stable, sorted JSON (the same bytes every time) to stdout or a file", async () => {
    const first = await cli(["schema", "pull", ...ids]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe(canonicalText(JSON.parse(first.stdout)));
    expect(first.stdout).not.toContain("@odata");
    const out = join(dir, "schema.json");
    const second = await cli(["schema", "pull", ...ids, "--out", out]);
    expect(second.stderr).toMatch(
      /to .*schema\.json \(1 rule\(s\), 2 object mapping\(s\), \d+ attribute mapping\(s\)\)/,
    );
    expect(await readFile(out, "utf8")).toBe(first.stdout);
  });

  it("diff: exit 0 without differences, 1 with them, shown per object mapping", async () => {
    const file = join(dir, "schema.json");
    const schema = await pulled();
    await writeFile(file, JSON.stringify(schema));
    const same = await cli(["schema", "diff", ...ids, file]);
    expect(same.code, same.stderr).toBe(0);
    const title = users(schema)?.attributeMappings.find((m) => m.targetAttributeName === "title");
    if (title) title.flowType = "ObjectAddOnly";
    await writeFile(file, JSON.stringify(schema));
    const diff = await cli(["schema", "diff", ...ids, file]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain(
      "  object mapping Provision Microsoft Entra ID Users\n    ~ title\n        flowType: Always → ObjectAddOnly",
    );
    expect(diff.stderr).not.toContain("error");
    const json = JSON.parse((await cli(["schema", "diff", ...ids, file, "-o", "json"])).stdout);
    expect(json).toMatchObject({ differences: true, added: 0, removed: 0, changed: 1 });
  });

  it("apply: refuses a file that is not a schema (paths, all problems), needs --yes, backs up, PUTs, verifies", async () => {
    const file = join(dir, "schema.json");
    await writeFile(file, JSON.stringify({ synchronizationRules: [{ sourceDirectoryName: 1 }] }));
    const invalid = await cli(["schema", "apply", ...ids, file, "--yes"]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("$.directories: missing: synchronizationSchema needs directories");
    expect(invalid.stderr).toContain("$.synchronizationRules[0].sourceDirectoryName: expected a string, got number 1");
    expect(invalid.stderr).toContain("$.synchronizationRules[0].targetDirectoryName: missing");
    expect(emulator.requests.count).toBe(0);

    const schema = await pulled();
    const mapping = users(schema);
    if (mapping) mapping.attributeMappings = mapping.attributeMappings.filter((m) => m.targetAttributeName !== "title");
    await writeFile(file, JSON.stringify(schema));
    const preview = await cli(["schema", "apply", ...ids, file]);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain("- title ← [jobTitle]");
    expect(preview.stderr).toContain("initial cycle");
    expect(preview.stderr).toContain("--yes");
    expect(writes(emulator)).toEqual([]);

    const backup = join(dir, "backup.json");
    const before = (await cli(["schema", "pull", ...ids])).stdout;
    const applied = await cli(["schema", "apply", ...ids, file, "--yes", "--backup", backup]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(`saved the current schema of job ${JOB} to ${backup}`);
    expect(applied.stdout).toContain("read back and verified");
    expect(await readFile(backup, "utf8")).toBe(before);
    expect(writes(emulator)).toEqual(["replaceSynchronizationSchema 204"]);
    expect(emulator.requests.list().some((r) => r.method === "PATCH")).toBe(false);
    const again = await cli(["schema", "apply", ...ids, file, "--yes", "--backup", backup]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("nothing sent");
  });

  it("apply: a schema the service refuses (an expression that does not parse) is exit 1 with its reason", async () => {
    const file = join(dir, "schema.json");
    const schema = (await pulled()) as unknown as {
      synchronizationRules: {
        objectMappings: {
          name: string;
          attributeMappings: { targetAttributeName: string; source: Record<string, unknown> }[];
        }[];
      }[];
    };
    const mapping = schema.synchronizationRules[0]?.objectMappings.find(
      (m) => m.name === "Provision Microsoft Entra ID Users",
    );
    const formatted = mapping?.attributeMappings.find((m) => m.targetAttributeName === "name.formatted");
    if (formatted)
      formatted.source = { type: "Function", name: "Join", expression: 'Join(" ", [givenName]', parameters: [] };
    await writeFile(file, JSON.stringify(schema));
    const before = (await cli(["schema", "pull", ...ids])).stdout;
    const backup = join(dir, "refused-backup.json");
    const result = await cli(["schema", "apply", ...ids, file, "--yes", "--backup", backup]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`could not replace the schema of job ${JOB}: the service answered 400`);
    expect(result.stderr).toContain("source/expression: Function 'Join' has no closing ')'");
    expect(result.stderr).toContain("the job keeps its schema");
    expect(await readFile(backup, "utf8")).toBe(before);
    expect((await cli(["schema", "pull", ...ids])).stdout).toBe(before);
  });

  it("check-expression: the parse result and evaluation, or exit 1 with the service's error", async () => {
    const expression = 'Join(" ", [givenName], [surname])';
    const ok = await cli([
      "schema",
      "check-expression",
      ...ids,
      expression,
      "--input",
      "givenName=Adele",
      "--input",
      "surname=Vance",
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`parses: ${expression}`);
    expect(ok.stdout).toContain("evaluates to: Adele Vance");
    const bad = await cli(["schema", "check-expression", ...ids, 'Join(" ", [givenName]']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("the expression does not parse: Function 'Join' has no closing ')'");
    const missing = await cli(["schema", "check-expression", ...ids]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing <expression>");
  });
});

describe("help, --emulator, positionals", () => {
  it("every new command and group has help with examples", async () => {
    const commands = [
      ["templates"],
      ["templates", "list"],
      ["jobs", "create"],
      ["jobs", "delete"],
      ["secrets", "set"],
    ].concat([
      ["credentials", "validate"],
      ["schema"],
      ["schema", "pull"],
      ["schema", "diff"],
      ["schema", "apply"],
      ["schema", "check-expression"],
      ["apply"],
    ]);
    for (const argv of commands) {
      const help = await run([...argv, "--help"]);
      expect(help.code, argv.join(" ")).toBe(0);
      expect(help.stdout, argv.join(" ")).toContain("EXAMPLES");
    }
    expect((await run(["--help"])).stdout).toMatch(/apply\s+Set jobs up from a setup file/);
    const diff = await run(["schema", "diff", "--help"]);
    expect(diff.stdout).toContain("graphsync schema diff <file> [options]");
    expect(diff.stdout).toMatch(/ARGUMENTS\n\s+<file>\s+A schema file/);
  });

  it("an extra positional is a usage error; nothing is sent", async () => {
    const extra = await cli(["schema", "diff", ...ids, "a.json", "b.json"]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain(`unexpected argument "b.json" for 'graphsync schema diff'`);
    expect(emulator.requests.count).toBe(0);
  });

  it("works on the embedded emulator (--emulator): its SCIM service principal's template and job", async () => {
    const { DEMO_TENANT } = await import("@graphsync/emulator");
    const sp = DEMO_TENANT.servicePrincipals.scim;
    const job = DEMO_TENANT.jobs.quarantine.jobId;
    const env = { GRAPHSYNC_TOKEN: "unused-with-emulator" };
    const templates = await run(["templates", "list", "--emulator", "--sp", sp, "-o", "json"], { env });
    expect(JSON.parse(templates.stdout).map((t: { id: string }) => t.id)).toEqual(["scim"]);
    const pull = await run(["schema", "pull", "--emulator", "--sp", sp, "--job", job], { env });
    expect(pull.code, pull.stderr).toBe(0);
    const file = join(dir, "emulator-schema.json");
    await writeFile(file, pull.stdout);
    expect((await run(["schema", "diff", "--emulator", "--sp", sp, "--job", job, file], { env })).code).toBe(0);
    const created = await run(["jobs", "create", "--emulator", "--sp", sp, "--template", "scim", "-q"], { env });
    expect(created.stdout).toMatch(/^scim\.[0-9a-f]{32}\n$/);
    const on = ["--emulator", "--sp", sp];
    const withToken = { env: { ...env, T: "any-token-value" } };
    const creds = ["--set", "BaseAddress=https://scim.example.com", "--set-from-env", "SecretToken=T"];
    expect((await run(["credentials", "validate", ...on, "--job", job, ...creds], withToken)).code).toBe(0);
    expect((await run(["secrets", "set", ...on, ...creds], withToken)).code).toBe(0);
    expect((await run(["schema", "apply", ...on, "--job", job, file], { env })).code).toBe(0);
    expect((await run(["schema", "check-expression", ...on, "--job", job, "[mail]"], { env })).code).toBe(0);
    expect((await run(["jobs", "delete", ...on, "--job", job, "--force"], { env })).code).toBe(0);
  });
});

it("leaves no stray backup behind", async () => {
  expect((await readdir(dir)).filter((f) => f.includes("schema-backup"))).toEqual([]);
});
