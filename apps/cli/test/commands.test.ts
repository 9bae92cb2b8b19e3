/** Command logic in-process, through the injected runtime, against an in-process emulator with a manual clock: the jobs commands. */
import type { Emulator } from "@graphsync/emulator";
import { describe, expect, it } from "vitest";
import { cliOn, freshEmulatorEachTest, jobArgs } from "./helpers/commands.js";
import { clockOf, closeEmulators, JOBS, SP, startTestEmulator } from "./helpers/emulator.js";
import { hasStackTrace } from "./helpers/runtime.js";

let emulator: Emulator;
freshEmulatorEachTest((started) => {
  emulator = started;
});
const cli = cliOn(() => emulator);
const paused = JOBS.paused;

describe("jobs list and get", () => {
  it("lists as a table, as JSON (Graph's objects) and as bare ids with --quiet", async () => {
    const table = await cli(["jobs", "list", "--sp", SP]);
    expect(table.code).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^JOB ID\s+TEMPLATE\s+STATUS\s+SCHEDULE\s+LAST EXECUTION\s+RESULT$/);
    expect(table.stdout).toContain(paused.jobId);
    const json = await cli(["jobs", "list", "--sp", SP, "-o", "json"]);
    const jobs = JSON.parse(json.stdout);
    expect(jobs.map((job: { id: string }) => job.id)).toEqual(emulator.state.listJobs(SP)?.map((job) => job.id));
    const quiet = await cli(["jobs", "list", "--sp", SP, "--quiet"]);
    expect(quiet.stdout.trim().split("\n")).toEqual(jobs.map((job: { id: string }) => job.id));
  });

  it("--query filters the JSON with JMESPath; --output tsv prints values only; --output none prints nothing", async () => {
    const all = JSON.parse((await cli(["jobs", "list", "--sp", SP, "-o", "json"])).stdout);
    const pausedIds = all
      .filter((job: { status: { code: string } }) => job.status.code === "Paused")
      .map((job: { id: string }) => job.id);
    const query = await cli(["jobs", "list", "--sp", SP, "--query", "[?status.code=='Paused'].id"]);
    expect(query.code, query.stderr).toBe(0);
    expect(JSON.parse(query.stdout)).toEqual(pausedIds);
    const tsv = await cli(["jobs", "list", "--sp", SP, "--query", "[].[id, status.code]", "-o", "tsv"]);
    expect(tsv.stdout.trimEnd().split("\n")).toEqual(
      all.map((job: { id: string; status: { code: string } }) => `${job.id}\t${job.status.code}`),
    );
    const get = await cli(["jobs", "get", ...jobArgs(paused), "-o", "tsv"]);
    expect(get.stdout.split("\t")).toContain(paused.jobId);
    const none = await cli(["jobs", "start", ...jobArgs(paused), "-o", "none"]);
    expect(none).toMatchObject({ code: 0, stdout: "" });
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
    const bad = await cli(["jobs", "list", "--sp", SP, "--query", "[?status.code=="]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --query "[?status.code=="');
    expect(bad.stdout).toBe("");
  });

  it("--status keeps only the jobs with those status codes (any case), for a bulk start pipeline", async () => {
    const result = await cli(["jobs", "list", "--sp", SP, "--status", "Paused,quarantine", "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    const codes = JSON.parse(result.stdout).map((job: { status: { code: string } }) => job.status.code);
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((code: string) => code === "Paused" || code === "Quarantine")).toBe(true);
    const all = JSON.parse((await cli(["jobs", "list", "--sp", SP, "-o", "json"])).stdout);
    expect(codes).toHaveLength(
      all.filter((job: { status: { code: string } }) => ["Paused", "Quarantine"].includes(job.status.code)).length,
    );
    const bad = await cli(["jobs", "list", "--sp", SP, "--status", "Paused,Stopped"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid --status member "Stopped"');
    expect(bad.stderr).toContain("NotConfigured, NotRun, Active, Paused, Quarantine");
  });

  it("says so when a service principal has no jobs", async () => {
    const empty = await cli(["jobs", "list", "--sp", "0e1d2c3b-4a59-4687-9a6b-5c4d3e2f1a00"]);
    expect(empty).toMatchObject({ code: 0, stdout: "" });
    expect(empty.stderr).toContain("has no synchronization jobs");
  });

  it("shows one job, with its quarantine", async () => {
    const result = await cli(["jobs", "get", ...jobArgs(JOBS.tooManyDeletes)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Status\s+Quarantine$/m);
    expect(result.stdout).toMatch(/^Quarantine\s+TooManyDeletes since /m);
    const json = JSON.parse((await cli(["jobs", "get", ...jobArgs(JOBS.tooManyDeletes), "-o", "json"])).stdout);
    expect(json).toMatchObject({ id: JOBS.tooManyDeletes.jobId, status: { code: "Quarantine" } });
  });
});

describe("jobs start (safe by default)", () => {
  it("starts a Paused job once and reports what it was", async () => {
    const result = await cli(["jobs", "start", ...jobArgs(paused)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`started job ${paused.jobId} (was Paused)\n`);
    expect(result.stderr).toContain("it continues from where it stopped");
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
    expect(emulator.state.getJob(paused.servicePrincipalId, paused.jobId)?.status?.code).toBe("Active");
  });

  it("refuses an Active job without sending a start, explaining why; --force starts it", async () => {
    const active = JOBS.active;
    const refused = await cli(["jobs", "start", ...jobArgs(active)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("it is Active (already running)");
    expect(refused.stderr).toContain("Microsoft warns");
    expect(hasStackTrace(refused.stderr)).toBe(false);
    expect(emulator.state.startCount(active.servicePrincipalId, active.jobId)).toBe(0);
    const json = await cli(["jobs", "start", ...jobArgs(active), "-o", "json"]);
    expect(JSON.parse(json.stdout)).toMatchObject({ action: "refused", previousStatus: "Active" });
    const forced = await cli(["jobs", "start", ...jobArgs(active), "--force"]);
    expect(forced.code).toBe(0);
    expect(emulator.state.counters(active.servicePrincipalId, active.jobId)).toMatchObject({
      starts: 1,
      repeatedStarts: 1,
    });
  });

  it("refuses a NotConfigured job, starts NotRun and Quarantine jobs", async () => {
    const notConfigured = await cli(["jobs", "start", ...jobArgs(JOBS.notConfigured)]);
    expect(notConfigured.code).toBe(1);
    expect(notConfigured.stderr).toContain("NotConfigured");
    expect(emulator.state.startCount(JOBS.notConfigured.servicePrincipalId, JOBS.notConfigured.jobId)).toBe(0);
    for (const ref of [JOBS.notRun, JOBS.quarantine]) {
      const result = await cli(["jobs", "start", ...jobArgs(ref)]);
      expect(result.code, result.stderr).toBe(0);
      expect(emulator.state.startCount(ref.servicePrincipalId, ref.jobId)).toBe(1);
    }
  });

  it("--wait follows the job until its execution runs (manual clock: no real waiting)", async () => {
    const result = await cli(["jobs", "start", ...jobArgs(paused), "--wait", "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      action: "started",
      previousStatus: "Paused",
      wait: { outcome: "running", status: "Active" },
    });
    expect(summary.wait.elapsedMs).toBeGreaterThanOrEqual(1000);
    // Not a TTY: plain timestamped lines.
    expect(result.stderr).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z waiting for job /m);
  });

  it("--wait gives up with exit 5 after --timeout, and the start stays applied", async () => {
    await closeEmulators();
    emulator = await startTestEmulator({ timing: { startDelayMs: 3_600_000 } });
    const result = await cli(["jobs", "start", ...jobArgs(paused), "--wait", "--timeout", "2m"]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("is not running after 2m");
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);

    // With --output json a script still gets the document (the start was applied), then the exit code.
    const json = await cli(["jobs", "start", ...jobArgs(JOBS.notRun), "--wait", "--timeout", "2m", "-o", "json"]);
    expect(json.code).toBe(5);
    expect(JSON.parse(json.stdout)).toMatchObject({
      jobId: JOBS.notRun.jobId,
      action: "started",
      wait: { outcome: "timeout", status: null },
    });
  });

  it("--wait reports a job the service quarantines after the start (exit 1, with the reason)", async () => {
    const clock = clockOf(emulator);
    let sleeps = 0;
    const quarantining = {
      now: clock.now,
      async sleep(ms: number, signal?: AbortSignal) {
        await clock.sleep(ms, signal);
        if (++sleeps !== 2) return;
        // What the service does to a job whose target rejects it: a new quarantine, after the start.
        const tenant = emulator.state.export();
        const job = tenant.servicePrincipals
          .find((sp) => sp.id === paused.servicePrincipalId)
          ?.jobs.find((j) => j.id === paused.jobId);
        if (!job?.status) throw new Error("demo job missing");
        job.status.code = "Quarantine";
        job.status.quarantine = {
          currentBegan: new Date(emulator.clock.now()).toISOString(),
          reason: "EncounteredQuarantineException",
          error: {
            code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
            message: "The target rejected the credentials.",
          },
        } as never;
        await emulator.state.replace(tenant);
      },
    };
    const result = await cli(["jobs", "start", ...jobArgs(paused), "--wait"], { clock: quarantining });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("was started but went to Quarantine");
    expect(result.stderr).toContain("EncounteredQuarantineException");
    expect(result.stderr).toContain("The target rejected the credentials.");
  });

  it("Ctrl-C while waiting ends with 130 and says the start stands", async () => {
    await closeEmulators();
    emulator = await startTestEmulator({ timing: { startDelayMs: 3_600_000 } });
    const controller = new AbortController();
    const clock = clockOf(emulator);
    let sleeps = 0;
    const interrupting = {
      now: clock.now,
      async sleep(ms: number, signal?: AbortSignal) {
        if (++sleeps === 3) controller.abort(new Error("SIGINT"));
        await clock.sleep(ms, signal);
      },
    };
    const result = await cli(["jobs", "start", ...jobArgs(paused), "--wait"], {
      clock: interrupting,
      signal: controller.signal,
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("stopped waiting");
    expect(result.stderr).toContain("keeps running on the service");
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
  });
});

describe("pause, restart, provision", () => {
  it("pauses, and a later start resumes", async () => {
    const active = JOBS.active;
    expect((await cli(["jobs", "pause", ...jobArgs(active)])).code).toBe(0);
    expect(emulator.state.getJob(active.servicePrincipalId, active.jobId)?.status?.code).toBe("Paused");
    expect((await cli(["jobs", "start", ...jobArgs(active)])).code).toBe(0);
    expect(emulator.state.counters(active.servicePrincipalId, active.jobId)).toMatchObject({ pauses: 1, starts: 1 });
  });

  it("restarts with a checked reset scope, releasing a TooManyDeletes quarantine", async () => {
    const ref = JOBS.tooManyDeletes;
    const result = await cli([
      "jobs",
      "restart",
      ...jobArgs(ref),
      "--reset-scope",
      "ForceDeletes,Watermark",
      "-o",
      "json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ action: "restarted", resetScope: "ForceDeletes, Watermark" });
    expect(emulator.state.getJob(ref.servicePrincipalId, ref.jobId)?.status?.code).toBe("Active");
    expect(emulator.state.counters(ref.servicePrincipalId, ref.jobId)?.restarts).toBe(1);
  });

  it("provisions on demand and decodes the JSON-in-strings answer", async () => {
    const result = await cli([
      "jobs",
      "provision",
      ...jobArgs(paused),
      "--rule",
      "03f7d90d-bf71-41b1-bda6-aaf0ddbee5d8",
      "--subject",
      "8d1f6b1c-4c8e-4b5c-9f1e-2a3b4c5d6e7f:User",
      "-o",
      "json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const body = JSON.parse(result.stdout);
    expect(body.subjects).toEqual([{ objectId: "8d1f6b1c-4c8e-4b5c-9f1e-2a3b4c5d6e7f", objectTypeName: "User" }]);
    expect(typeof body.key).toBe("object");
    expect(emulator.state.counters(paused.servicePrincipalId, paused.jobId)?.provisions).toBe(1);
  });
});
