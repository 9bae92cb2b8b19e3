/** `graphsync apply` on the emulator: plan, ordered apply, idempotence, a clear stop, bad setup files (nothing sent). */
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { closeEmulators } from "./helpers/emulator.js";
import { hasStackTrace } from "./helpers/runtime.js";
import { cliWith, JOB, SP, SP2, setupEmulator, TOKEN_VALUE, writes } from "./helpers/setup-emulator.js";

type Schema = {
  synchronizationRules: {
    objectMappings: { name: string; attributeMappings: { targetAttributeName: string; source: unknown }[] }[];
  }[];
};

let emulator: Emulator;
let dir: string;
let template: Schema;

beforeEach(async () => {
  await closeEmulators();
  // The template's schema, as a job made from it has it: the base of the edited schema file.
  const probe = await setupEmulator();
  template = JSON.parse((await cliWith(() => probe)(["schema", "pull", "--sp", SP, "--job", JOB])).stdout);
  await closeEmulators();
  emulator = await setupEmulator({ withJob: false });
  dir = await mkdtemp(join(tmpdir(), "graphsync-apply-"));
});
afterAll(closeEmulators);

const run = cliWith(() => emulator);
const cli = (argv: string[], env: Record<string, string> = { SCIM_TOKEN: TOKEN_VALUE }) => run(argv, env);

/** The template's schema with the SCIM title mapped from department instead of jobTitle. */
function edited(): Schema {
  const schema: Schema = structuredClone(template);
  const users = schema.synchronizationRules[0]?.objectMappings.find(
    (m) => m.name === "Provision Microsoft Entra ID Users",
  );
  const title = users?.attributeMappings.find((m) => m.targetAttributeName === "title");
  if (title) title.source = { type: "Attribute", name: "department", expression: "[department]", parameters: [] };
  return schema;
}

async function setup(base = "https://scim.example.com/scim", extra = ""): Promise<string> {
  await writeFile(join(dir, "schema.json"), JSON.stringify(edited()));
  const file = join(dir, "setup.yaml");
  const lines = [
    "servicePrincipals:",
    `  - id: ${SP}`,
    "    template: scim",
    "    secrets:",
    `      BaseAddress: ${base}`,
  ];
  lines.push("      SecretToken: env:SCIM_TOKEN", "    schema: schema.json", "    run: true");
  lines.push(`  - id: ${SP2}`, "    template: scim", "    run: false", extra);
  await writeFile(file, lines.join("\n"));
  return file;
}

describe("apply", () => {
  it("plans, applies only the differences in order, and a second run changes nothing", async () => {
    const file = await setup();
    const plan = await cli(["apply", file]);
    expect(plan.code, plan.stderr).toBe(1);
    expect(plan.stdout).toContain(`service principal ${SP}, template scim (servicePrincipals[0]):`);
    expect(plan.stdout).toContain("  +  create a job from template scim");
    expect(plan.stdout).toContain("  ?  check the credentials with the service");
    expect(plan.stdout).toContain(
      "  +  secrets: set BaseAddress (inline in servicePrincipals[0].secrets.BaseAddress), SecretToken (from env SCIM_TOKEN) (new job)",
    );
    expect(plan.stdout).toContain("  ~  schema: replace the template's with schema.json");
    expect(plan.stdout).toContain("  >  start the job");
    expect(plan.stderr).toContain("Plan: 5 change(s). Nothing was changed");
    expect(writes(emulator)).toEqual([]);

    const applied = await cli(["apply", file, "--yes", "--backup-dir", dir]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(writes(emulator)).toEqual([
      "createSynchronizationJob 201",
      "setSynchronizationSecrets 204",
      "replaceSynchronizationSchema 204",
      "startSynchronizationJob 204",
      "createSynchronizationJob 201",
    ]);
    const job = emulator.state.listJobs(SP)?.[0];
    expect(job?.status?.code).not.toBe("NotConfigured");
    const pulled = await run(["schema", "pull", "--sp", SP, "--job", job?.id ?? ""]);
    expect(JSON.parse(pulled.stdout)).toEqual(edited());
    expect(emulator.state.listJobs(SP2)?.[0]?.status?.code).toBe("NotConfigured");
    expect(applied.stdout).toContain("Applied 5 change(s)");
    expect(applied.stdout + applied.stderr).not.toContain(TOKEN_VALUE);
    expect((await readdir(dir)).filter((f) => f.includes("schema-backup"))).toHaveLength(1);

    const before = writes(emulator).length;
    const again = await cli(["apply", file, "--yes", "--backup-dir", dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("No changes");
    expect(again.stdout).toContain("  =  secrets: the saved credentials validate; not sent again");
    expect(again.stdout).toContain("  =  schema: matches schema.json");
    expect(writes(emulator)).toHaveLength(before);
    const rotate = await cli(["apply", file, "--resend"]);
    expect(rotate.code).toBe(1);
    expect(rotate.stdout).toContain("  ~  secrets: set BaseAddress");
  });

  it("stops at a failing step, says what was done and that the job is not configured; a rerun continues", async () => {
    const file = await setup("http://insecure.example.com");
    const failed = await cli(["apply", file, "--yes", "--backup-dir", dir]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('apply stopped at step "credentials"');
    expect(failed.stderr).toContain("BaseAddress");
    expect(failed.stderr).toContain("already done:");
    expect(failed.stderr).toMatch(/created job scim\.[0-9a-f]+ from template scim \(NotConfigured\)/);
    expect(failed.stderr).toContain("is NOT fully configured yet");
    expect(failed.stderr).toContain(`run 'graphsync apply ${file} --yes' again`);
    expect(hasStackTrace(failed.stderr)).toBe(false);
    expect(writes(emulator)).toEqual(["createSynchronizationJob 201"]);

    const fixed = await setup();
    const rerun = await cli(["apply", fixed, "--yes", "--backup-dir", dir]);
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(rerun.stdout).toMatch(/=\s+job scim\.[0-9a-f]+ \(NotConfigured\)/);
    expect(rerun.stdout).toContain("the saved credentials do not validate");
    expect(emulator.state.listJobs(SP)).toHaveLength(1);
    expect(writes(emulator).slice(1)).toEqual([
      "setSynchronizationSecrets 204",
      "replaceSynchronizationSchema 204",
      "startSynchronizationJob 204",
      "createSynchronizationJob 201",
    ]);
  });

  it("refuses a bad setup file with every problem and its path, and sends nothing", async () => {
    const file = join(dir, "setup.yaml");
    await writeFile(
      file,
      [
        "servicePrincipals:",
        `  - id: ${SP}`,
        "    templat: scim",
        "    secrets:",
        "      SecretToken: inline-secret-value-123",
        "      BaseAddress: env:NOT_SET_ANYWHERE",
        "    schema: missing.json",
      ].join("\n"),
    );
    const result = await cli(["apply", file, "--yes"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("problems; nothing was sent");
    expect(result.stderr).toContain("servicePrincipals[0].templat: unknown key (did you mean template?)");
    expect(result.stderr).toContain("servicePrincipals[0].template: missing");
    expect(result.stderr).toContain("servicePrincipals[0].secrets.SecretToken: SecretToken carries a secret");
    expect(result.stderr).not.toContain("inline-secret-value-123");
    expect(emulator.requests.count).toBe(0);
    await writeFile(
      file,
      `servicePrincipals:\n  - id: ${SP}\n    template: scim\n    secrets:\n      BaseAddress: env:NOT_SET_ANYWHERE\n    schema: missing.json\n`,
    );
    const refs = await cli(["apply", file]);
    expect(refs.code).toBe(2);
    expect(refs.stderr).toContain(
      "servicePrincipals[0].secrets.BaseAddress: the environment variable NOT_SET_ANYWHERE is not set",
    );
    expect(refs.stderr).toContain('servicePrincipals[0].schema: cannot read "');
    expect(emulator.requests.count).toBe(0);
  });

  it("entries in other tenants get their own client; -o json gives the plan and what was done", async () => {
    const file = join(dir, "setup.json");
    const entry = (id: string, tenant: string) => ({ id, tenant, template: "scim", run: false });
    await writeFile(
      file,
      JSON.stringify({
        servicePrincipals: [entry(SP, "contoso.onmicrosoft.com"), entry(SP2, "fabrikam.onmicrosoft.com")],
      }),
    );
    const result = await cli(["apply", file, "--yes", "--tenant", "contoso.onmicrosoft.com", "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document).toMatchObject({ changes: 2, applied: true });
    expect(document.jobs.map((job: { tenant: string }) => job.tenant)).toEqual([
      "contoso.onmicrosoft.com",
      "fabrikam.onmicrosoft.com",
    ]);
    expect(document.done).toHaveLength(2);
    expect(emulator.state.listJobs(SP2)).toHaveLength(1);
  });

  it("needs the setup file, and takes no --dry-run", async () => {
    expect((await cli(["apply"])).stderr).toContain("missing <setup-file> for 'graphsync apply'");
    const dry = await cli(["apply", "x.yaml", "--dry-run"]);
    expect(dry.code).toBe(2);
    expect(dry.stderr).toContain("apply takes no --dry-run");
  });
});

describe("apply in the built binary", () => {
  it("reads a YAML setup file (the lazily loaded parser is in the package) and applies it on --emulator", async () => {
    const { DEMO_TENANT } = await import("@graphsync/emulator");
    const { spawnCli } = await import("./helpers/spawn.js");
    const file = join(dir, "setup.yaml");
    const lines = ["servicePrincipals:", `  - id: ${DEMO_TENANT.servicePrincipals.scim}`, "    template: scim"];
    lines.push(
      "    secrets:",
      "      BaseAddress: https://scim.example.com/scim",
      "      SecretToken: env:SCIM_TOKEN",
      "    run: true",
    );
    await writeFile(file, lines.join("\n"));
    const result = await spawnCli(["apply", file, "--emulator", "--yes"], { env: { SCIM_TOKEN: TOKEN_VALUE } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("saved 2 secret(s) (BaseAddress, SecretToken)");
    expect(result.stdout).toContain(`started job ${DEMO_TENANT.jobs.quarantine.jobId}`);
    expect(result.stdout + result.stderr).not.toContain(TOKEN_VALUE);
  });
});
