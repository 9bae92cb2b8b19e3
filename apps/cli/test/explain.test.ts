/** graphsync explain: one object's latest entries step by step with its job, or why there is none. */
import type { Emulator } from "@graphsync/emulator";
import { describe, expect, it } from "vitest";
import { cliOn, freshEmulatorEachTest, jobArgs } from "./helpers/commands.js";
import { JOBS } from "./helpers/emulator.js";
import { logEntry, minutesAgo, seedLogs } from "./helpers/logs.js";
import { hasStackTrace } from "./helpers/runtime.js";

let emulator: Emulator;
freshEmulatorEachTest((started) => {
  emulator = started;
});
const cli = cliOn(() => emulator);
const job = JOBS.paused;
const alice = { id: "5a1ce000-0000-4000-8000-000000000001", displayName: "alice@contoso.com" };
const target = { id: "ext-4711", displayName: "alice@contoso.com" };

async function seedAlice(): Promise<void> {
  await seedLogs(emulator, [
    logEntry({ n: 1, jobId: job.jobId, time: minutesAgo(emulator, 90), source: alice, target, action: "create" }),
    logEntry({
      n: 2,
      jobId: job.jobId,
      time: minutesAgo(emulator, 30),
      source: alice,
      target,
      action: "update",
      status: "failure",
      error: {
        errorCode: "SystemForCrossDomainIdentityManagementBadRequest",
        reason: "The SCIM endpoint answered 400: attribute 'title' too long",
        recommendedAction: "Shorten the title in Entra ID or change the mapping.",
        errorCategory: "nonServiceFailure",
      },
      // Written out of order: explain shows them as the service runs them.
      steps: [
        {
          name: "EntryExportUpdate",
          provisioningStepType: "export",
          status: "failure",
          description: "Failed to update User 'alice@contoso.com'.",
          details: {},
        },
        {
          name: "EntryImport",
          provisioningStepType: "import",
          status: "success",
          description: "Retrieved User 'alice@contoso.com'.",
          details: {},
        },
        {
          name: "EntryMatching",
          provisioningStepType: "matching",
          status: "success",
          description: "Matched on userName.",
          details: {},
        },
        {
          name: "EntrySynchronizationScoping",
          provisioningStepType: "scoping",
          status: "success",
          description: "In scope.",
          details: {},
        },
        {
          name: "EntrySynchronizationProcessing",
          provisioningStepType: "processing",
          status: "success",
          description: "Determined update.",
          details: {},
        },
      ],
      modified: [{ displayName: "title", oldValue: "Engineer", newValue: "Principal Engineer of Everything" }],
    }),
    logEntry({ n: 3, jobId: JOBS.active.jobId, time: minutesAgo(emulator, 5), source: alice, target }),
  ]);
}

describe("graphsync explain", () => {
  it("shows the latest entry's steps in order, its error and modified properties, and the job's context", async () => {
    await seedAlice();
    const result = await cli(["explain", ...jobArgs(job), "--user", "alice@contoso.com"]);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(
      /^Object\s+alice@contoso\.com \(5a1ce000-0000-4000-8000-000000000001\) → alice@contoso\.com \(ext-4711\)$/m,
    );
    expect(out).toMatch(new RegExp(`^Job\\s+${job.jobId.replace(".", "\\.")}: Paused$`, "m"));
    expect(out).toMatch(/^\s+initial cycle running: 412 of 1241 objects$/m);
    expect(out).toMatch(/^Latest\s+\S+\s+update\s+failure/m);
    const steps = out.split("\n").filter((line) => /^ {2}\d\. /.test(line));
    expect(steps.map((line) => line.split(/\s+/)[2])).toEqual([
      "import",
      "scoping",
      "matching",
      "processing",
      "export",
    ]);
    expect(steps[4]).toMatch(/export\s+failure\s+Failed to update User/);
    expect(out).toContain("  SystemForCrossDomainIdentityManagementBadRequest (nonServiceFailure)");
    expect(out).toContain("  recommended action: Shorten the title in Entra ID or change the mapping.");
    expect(out).toContain("  title: Engineer → Principal Engineer of Everything");
    expect(out).toMatch(/^Earlier entries\n {2}\S+ {2}create {2}success$/m);
  });

  it("finds the object by its id or externalId too; JSON has the ordered steps and the job", async () => {
    await seedAlice();
    for (const user of [alice.id, target.id]) {
      const result = await cli(["explain", ...jobArgs(job), "--user", user, "-o", "json"]);
      expect(result.code, result.stderr).toBe(0);
      const doc = JSON.parse(result.stdout);
      expect(doc.entries).toHaveLength(2);
      expect(doc.latest.provisioningSteps.map((s: { provisioningStepType: string }) => s.provisioningStepType)).toEqual(
        ["import", "scoping", "matching", "processing", "export"],
      );
      expect(doc.job).toMatchObject({ id: job.jobId, status: { code: "Paused" } });
    }
  });

  it("explains an object the emulator provisioned on demand", async () => {
    const subject = "8d1f6b1c-4c8e-4b5c-9f1e-2a3b4c5d6e7f";
    const rule = "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8";
    const provisioned = await cli([
      "jobs",
      "provision",
      ...jobArgs(job),
      "--rule",
      rule,
      "--subject",
      `${subject}:User`,
    ]);
    expect(provisioned.code, provisioned.stderr).toBe(0);
    const result = await cli(["explain", ...jobArgs(job), "--user", subject]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Latest\s+\S+\s+create\s+success/m);
    expect(result.stdout).toMatch(/^ {2}1\. import/m);
  });

  it("with no entry, says why that may be for this job and what to try (exit 2)", async () => {
    await seedAlice();
    const result = await cli(["explain", ...jobArgs(job), "--user", "Alice@contoso.com"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`no provisioning log entry of job ${job.jobId} matches --user "Alice@contoso.com"`);
    expect(result.stderr).toContain("the job is paused");
    expect(result.stderr).toContain("out of scope");
    expect(result.stderr).toContain("not written yet");
    expect(result.stderr).toContain("older than the retention");
    expect(result.stderr).toContain(`graphsync jobs start ${jobArgs(job).join(" ")}`);
    expect(result.stderr).toContain("graphsync jobs provision");
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it("bad input: a missing --user; a bad --user and --top reported together; nothing sent", async () => {
    const result = await cli(["explain", "--sp", job.servicePrincipalId, "--job", "a/b"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("missing required option --user");
    const bad = await cli(["explain", ...jobArgs(job), "--user", "a\u0007b", "--top", "x"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("2 problems with the command line");
    expect(emulator.requests.count).toBe(0);
  });
});
