/** The setup and schema commands against a stateful Graph on 127.0.0.1 (helpers/setup-graph.ts). */
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canonicalText } from "../src/schema/canonical.js";
import { hasStackTrace, run } from "./helpers/runtime.js";
import { scimSchema } from "./helpers/schema-fixture.js";
import { SetupGraph } from "./helpers/setup-graph.js";

const SP = "11111111-2222-3333-4444-555555555555";
const TOKEN_VALUE = "scim-bearer-token-value-0123456789";
let graph: SetupGraph;
let url: string;
let dir: string;

beforeEach(async () => {
  graph = new SetupGraph([SP]);
  url = await graph.start();
  dir = await mkdtemp(join(tmpdir(), "graphsync-setup-"));
});
afterEach(() => graph.close());

const cli = (argv: string[], env: Record<string, string> = {}, stdin?: string) =>
  run([...argv, "--base-url", url], {
    env: { GRAPHSYNC_TOKEN: "test-token-for-setup", ...env },
    ...(stdin !== undefined ? { stdin } : {}),
  });

describe("templates, jobs create and delete", () => {
  it("lists templates and creates a job that starts NotConfigured, with next steps", async () => {
    const templates = await cli(["templates", "list", "--sp", SP]);
    expect(templates.code, templates.stderr).toBe(0);
    expect(templates.stdout).toMatch(
      /^TEMPLATE ID\s+FACTORY TAG\s+DEFAULT\s+DESCRIPTION\nscim\s+CustomSCIM\s+yes\s+SCIM 2.0/,
    );
    const created = await cli(["jobs", "create", "--sp", SP, "--template", "scim"]);
    expect(created.code, created.stderr).toBe(0);
    const job = graph.jobs.get(SP)?.[0];
    expect(created.stdout).toContain(`created job ${job?.id} (template scim)`);
    expect(created.stdout).toContain("status: NotConfigured");
    expect(created.stderr).toContain("next steps:");
    expect(created.stderr).toContain(`graphsync jobs start --sp ${SP} --job ${job?.id}`);
    expect(graph.requests.at(-1)).toMatchObject({
      method: "POST",
      path: `/servicePrincipals/${SP}/synchronization/jobs`,
      body: { templateId: "scim" },
    });
  });

  it("refuses to delete without --force, saying what is lost; deletes with it", async () => {
    const job = graph.addJob(SP, "scim", "Active");
    const refused = await cli(["jobs", "delete", "--sp", SP, "--job", job.id]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`not deleting job ${job.id} (template scim, status Active) without --force`);
    expect(refused.stderr).toContain("state and progress");
    expect(refused.stderr).toContain("schema customisations");
    expect(refused.stderr).toContain("impossible to configure");
    expect(graph.requests.some((r) => r.method === "DELETE")).toBe(false);
    const deleted = await cli(["jobs", "delete", "--sp", SP, "--job", job.id, "--force"]);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(graph.jobs.get(SP)).toEqual([]);
  });
});

describe("secrets set and credentials validate", () => {
  it("saves secrets from the command line, env and a file; prints keys, never values", async () => {
    const file = join(dir, "secrets.json");
    await writeFile(file, JSON.stringify({ SyncNotificationSettings: '{"Enabled":false}' }));
    const result = await cli(
      [
        "secrets",
        "set",
        "--sp",
        SP,
        "--set",
        "BaseAddress=https://scim.example.com/scim",
        "--set-from-env",
        "SecretToken=SCIM_TOKEN",
        "--from-file",
        file,
        "--verbose",
      ],
      { SCIM_TOKEN: TOKEN_VALUE },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("saved 3 secret(s)");
    expect(result.stdout).toContain("SecretToken (from env SCIM_TOKEN)");
    expect(result.stdout + result.stderr).not.toContain(TOKEN_VALUE);
    expect(result.stderr).toContain('"value": "<redacted>"');
    expect(graph.secrets.get(SP)?.get("SecretToken")).toBe(TOKEN_VALUE);
  });

  it("refuses a secret-bearing key with --set, and a typo, before sending anything", async () => {
    const result = await cli([
      "secrets",
      "set",
      "--sp",
      SP,
      "--set",
      "SecretToken=argv-secret-1234",
      "--set",
      "BaseAdress=https://x",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("SecretToken carries a secret and is never taken on the command line");
    expect(result.stderr).toContain("did you mean BaseAddress?");
    expect(result.stderr).not.toContain("argv-secret-1234");
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(graph.requests).toEqual([]);
  });

  it("--dry-run shows keys and sources only, and sends nothing", async () => {
    const result = await cli(["secrets", "set", "--sp", SP, "--set-from-env", "SecretToken=SCIM_TOKEN", "--dry-run"], {
      SCIM_TOKEN: TOKEN_VALUE,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("SecretToken (from env SCIM_TOKEN)");
    expect(result.stdout + result.stderr).not.toContain(TOKEN_VALUE);
    expect(graph.requests).toEqual([]);
  });

  it("validates credentials: exit 0 when valid, 1 with the service's reason when not, and the saved ones", async () => {
    const job = graph.addJob(SP, "scim");
    const ok = await cli(
      [
        "credentials",
        "validate",
        "--sp",
        SP,
        "--job",
        job.id,
        "--set",
        "BaseAddress=https://scim.example.com",
        "--set-from-env",
        "SecretToken=T",
      ],
      { T: TOKEN_VALUE },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("valid: the service accepted the credentials");
    const bad = await cli(
      [
        "credentials",
        "validate",
        "--sp",
        SP,
        "--template",
        "scim",
        "--set",
        "BaseAddress=http://insecure.example.com",
        "--set-from-env",
        "SecretToken=T",
      ],
      { T: TOKEN_VALUE },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("are not valid: BaseAddress must be an https URL.");
    expect(graph.requests.at(-1)?.path).toBe(`/servicePrincipals/${SP}/synchronization/jobs/validateCredentials`);
    const saved = await cli(["credentials", "validate", "--sp", SP, "--job", job.id, "--saved"]);
    expect(saved.code).toBe(1);
    expect(saved.stderr).toContain("the saved credentials are not valid");
    expect(graph.requests.at(-1)?.body).toMatchObject({ useSavedCredentials: true });
    expect(ok.stdout + ok.stderr + bad.stdout + bad.stderr).not.toContain(TOKEN_VALUE);
  });
});

describe("schema pull, diff, apply, check-expression", () => {
  it("pulls stable, sorted JSON (the same bytes every time) to stdout or a file", async () => {
    const job = graph.addJob(SP, "scim");
    const first = await cli(["schema", "pull", "--sp", SP, "--job", job.id]);
    expect(first.code, first.stderr).toBe(0);
    expect(`${first.stdout}`).toBe(canonicalText(scimSchema()));
    const out = join(dir, "schema.json");
    const second = await cli(["schema", "pull", "--sp", SP, "--job", job.id, "--out", out]);
    expect(second.stderr).toContain(`to ${out} (1 rule(s), 1 object mapping(s), 3 attribute mapping(s))`);
    expect(await readFile(out, "utf8")).toBe(first.stdout);
  });

  it("diff: exit 0 without differences, 1 with them, shown per object mapping", async () => {
    const job = graph.addJob(SP, "scim");
    const file = join(dir, "schema.json");
    await writeFile(file, canonicalText(scimSchema()));
    expect((await cli(["schema", "diff", "--sp", SP, "--job", job.id, file])).code).toBe(0);
    const edited = scimSchema();
    const mapping = edited.synchronizationRules[0]?.objectMappings[0]?.attributeMappings[0];
    if (mapping) mapping.flowType = "ObjectAddOnly";
    await writeFile(file, JSON.stringify(edited));
    const diff = await cli(["schema", "diff", "--sp", SP, "--job", job.id, file]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain("    ~ userName\n        flowType: Always → ObjectAddOnly");
    expect(diff.stderr).not.toContain("error");
  });

  it("apply: refuses a file that is not a schema (paths, all problems), needs --yes, backs up, PUTs, verifies", async () => {
    const job = graph.addJob(SP, "scim", "Active");
    const file = join(dir, "schema.json");
    await writeFile(file, JSON.stringify({ synchronizationRules: [{ sourceDirectoryName: 1 }] }));
    const invalid = await cli(["schema", "apply", "--sp", SP, "--job", job.id, file, "--yes"]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain("$.directories: missing: synchronizationSchema needs directories");
    expect(invalid.stderr).toContain("$.synchronizationRules[0].sourceDirectoryName: expected a string, got number 1");
    expect(invalid.stderr).toContain("$.synchronizationRules[0].targetDirectoryName: missing");
    expect(graph.requests).toEqual([]);

    const edited = scimSchema();
    edited.synchronizationRules[0]?.objectMappings[0]?.attributeMappings.pop();
    await writeFile(file, JSON.stringify(edited));
    const preview = await cli(["schema", "apply", "--sp", SP, "--job", job.id, file]);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain('- emails[type eq "work"].value ← [mail]');
    expect(preview.stderr).toContain("initial cycle");
    expect(preview.stderr).toContain("--yes");
    expect(graph.writes()).toEqual([]);

    const backup = join(dir, "backup.json");
    const applied = await cli(["schema", "apply", "--sp", SP, "--job", job.id, file, "--yes", "--backup", backup]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(`saved the current schema of job ${job.id} to ${backup}`);
    expect(applied.stdout).toContain("read back and verified");
    expect(await readFile(backup, "utf8")).toBe(canonicalText(scimSchema()));
    expect(graph.writes().map((r) => r.method)).toEqual(["PUT"]);
    expect(graph.requests.at(-1)).toMatchObject({
      method: "GET",
      path: `/servicePrincipals/${SP}/synchronization/jobs/${job.id}/schema`,
    });
    const again = await cli(["schema", "apply", "--sp", SP, "--job", job.id, file, "--yes", "--backup", backup]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain("nothing sent");
  });

  it("check-expression: the parse result, or exit 1 with the service's error", async () => {
    const job = graph.addJob(SP, "scim");
    const ok = await cli([
      "schema",
      "check-expression",
      "--sp",
      SP,
      "--job",
      job.id,
      'Join(" ", [givenName], [surname])',
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('parses: Join(" ", [givenName], [surname])');
    const bad = await cli(["schema", "check-expression", "--sp", SP, "--job", job.id, "Join(([x]"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("the expression does not parse: Unbalanced parentheses at position 12");
    const missing = await cli(["schema", "check-expression", "--sp", SP, "--job", job.id]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("missing <expression>");
  });
});

it("leaves no backup behind when nothing was applied", async () => {
  expect(await readdir(dir)).toEqual([]);
});

describe("help, dry runs and JSON", () => {
  it("every new command and group has help with examples", async () => {
    const commands = [
      ["templates"],
      ["templates", "list"],
      ["jobs", "create"],
      ["jobs", "delete"],
      ["secrets", "set"],
      ["credentials", "validate"],
      ["schema"],
      ["schema", "pull"],
      ["schema", "diff"],
      ["schema", "apply"],
      ["schema", "check-expression"],
      ["apply"],
    ];
    for (const argv of commands) {
      const help = await run([...argv, "--help"]);
      expect(help.code, argv.join(" ")).toBe(0);
      expect(help.stdout, argv.join(" ")).toContain("EXAMPLES");
    }
    expect((await run(["--help"])).stdout).toMatch(/apply\s+Set jobs up from a setup file/);
  });

  it("help shows positional arguments; a missing or extra one is a usage error", async () => {
    const help = await cli(["schema", "diff", "--help"]);
    expect(help.stdout).toContain("graphsync schema diff <file> [options]");
    expect(help.stdout).toMatch(/ARGUMENTS\n\s+<file>\s+A schema file/);
    const extra = await cli(["schema", "diff", "--sp", SP, "--job", "j", "a.json", "b.json"]);
    expect(extra.code).toBe(2);
    expect(extra.stderr).toContain(`unexpected argument "b.json" for 'graphsync schema diff'`);
    expect(graph.requests).toEqual([]);
  });

  it("credentials validate --dry-run shows the request with every value redacted", async () => {
    const result = await cli(
      [
        "credentials",
        "validate",
        "--sp",
        SP,
        "--template",
        "scim",
        "--set-from-env",
        "SecretToken=T",
        "--set",
        "BaseAddress=https://scim.example.com",
        "--dry-run",
      ],
      { T: "short" },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`POST ${url}/servicePrincipals/${SP}/synchronization/jobs/validateCredentials`);
    expect(result.stdout).toContain('"key": "SecretToken"');
    expect(result.stdout).not.toContain("short");
    expect(result.stdout).not.toContain("scim.example.com");
    expect(graph.requests).toEqual([]);
  });

  it("-o json: schema diff gives counts and lines; templates and jobs create give Graph's objects", async () => {
    const job = graph.addJob(SP, "scim");
    const file = join(dir, "schema.json");
    const edited = scimSchema();
    edited.synchronizationRules[0]?.objectMappings[0]?.attributeMappings.pop();
    await writeFile(file, JSON.stringify(edited));
    const diff = await cli(["schema", "diff", "--sp", SP, "--job", job.id, file, "-o", "json"]);
    expect(diff.code).toBe(1);
    expect(JSON.parse(diff.stdout)).toMatchObject({ differences: true, added: 0, removed: 1, changed: 0 });
    const templates = JSON.parse((await cli(["templates", "list", "--sp", SP, "-o", "json"])).stdout);
    expect(templates[0]).toMatchObject({ id: "scim", factoryTag: "CustomSCIM" });
    const created = JSON.parse((await cli(["jobs", "create", "--sp", SP, "--template", "scim", "-o", "json"])).stdout);
    expect(created).toMatchObject({ templateId: "scim", status: { code: "NotConfigured" } });
  });
});
