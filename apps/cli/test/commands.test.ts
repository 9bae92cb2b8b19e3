/** Command logic in-process, through the injected runtime, against an in-process emulator with a manual clock. */
import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { bulkTenant, clockOf, closeEmulators, JOBS, SP, startTestEmulator, target, toCsv } from "./helpers/emulator.js";
import { hasStackTrace, run } from "./helpers/runtime.js";

let emulator: Emulator;
const TOKEN = "test-token-for-commands";

beforeEach(async () => {
  await closeEmulators();
  emulator = await startTestEmulator();
});
afterAll(closeEmulators);

function cli(argv: string[], extra: Parameters<typeof run>[1] = {}) {
  return run([...argv, ...target(emulator)], { env: { GRAPHSYNC_TOKEN: TOKEN }, clock: clockOf(emulator), ...extra });
}

const paused = JOBS.paused;
const jobArgs = (ref: { servicePrincipalId: string; jobId: string }) => [
  "--sp",
  ref.servicePrincipalId,
  "--job",
  ref.jobId,
];

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

describe("errors: exit codes, Graph details and hints", () => {
  it("404: names the missing id (exit 4)", async () => {
    const job = await cli(["jobs", "get", "--sp", SP, "--job", "scim.00000000000000000000000000000000"]);
    expect(job.code).toBe(4);
    expect(job.stderr).toContain('job "scim.00000000000000000000000000000000" was not found on service principal');
    expect(job.stderr).toContain(paused.jobId); // the jobs it does have
    expect(job.stderr).toMatch(/request-id: \S+/);
    const sp = await cli(["jobs", "list", "--sp", "99999999-9999-4999-8999-999999999999"]);
    expect(sp.code).toBe(4);
    expect(sp.stderr).toContain('service principal "99999999-9999-4999-8999-999999999999" was not found');
    const spOfJob = await cli(["jobs", "start", "--sp", "99999999-9999-4999-8999-999999999999", "--job", paused.jobId]);
    expect(spOfJob.code).toBe(4);
    expect(spOfJob.stderr).toContain("service principal");
  });

  it("with --output json an error is also a JSON document on stdout, unless a result document was printed", async () => {
    const missing = await cli([
      "jobs",
      "get",
      "--sp",
      SP,
      "--job",
      "scim.00000000000000000000000000000000",
      "-o",
      "json",
    ]);
    expect(missing.code).toBe(4);
    const { error } = JSON.parse(missing.stdout);
    expect(error).toMatchObject({ code: "Request_ResourceNotFound", kind: "notFound", status: 404, exitCode: 4 });
    expect(error.message).toContain("was not found on service principal");
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.stderr).toContain("error: could not read job");
    const usage = await cli(["jobs", "get", "--sp", SP, "--jbo", "x", "--output=json"]);
    expect(usage.code).toBe(2);
    expect(JSON.parse(usage.stdout).error).toMatchObject({ code: "usage", exitCode: 2, requestId: null });
    // A refusal already prints its document: stdout stays one JSON document.
    const refused = await cli(["jobs", "start", ...jobArgs(JOBS.active), "-o", "json"]);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toMatchObject({ action: "refused" });
  });

  it("401: a rejected token (exit 3)", async () => {
    await closeEmulators();
    emulator = await startTestEmulator({ tokens: ["only-this-token"] });
    const result = await cli(["jobs", "list", "--sp", SP]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain("the token was rejected (401)");
    expect(result.stderr).toContain("InvalidAuthenticationToken");
  });

  it("still throttled after the client's retries: exit 5, naming the wait the service asked for", async () => {
    emulator.faults.add({ type: "throttle", retryAfter: 0.01, operation: "listSynchronizationJobs" });
    const result = await cli(["jobs", "list", "--sp", SP]);
    expect(result.code).toBe(5);
    expect(result.stderr).toContain("throttled after 10 attempt(s) (the service asked to wait 10ms)");
    expect(result.stderr).toContain("retrying in");
  });

  it("a 500 is an operation failure (exit 1) with Graph's code and the request ids", async () => {
    emulator.faults.add({ type: "error", status: 500, operation: "getSynchronizationJob", times: 1 });
    const result = await cli(["jobs", "get", ...jobArgs(paused)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Graph: 500 generalException/);
    expect(result.stderr).toMatch(/client-request-id: [0-9a-f-]{36}/);
  });
});

describe("terminal safety", () => {
  it("control characters in an id are shown escaped, never sent to the terminal", async () => {
    const evil = "x\u001b]0;pwned\u0007\r\u009b2J";
    const result = await cli(["jobs", "get", "--sp", paused.servicePrincipalId, "--job", evil]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("x\\x1b]0;pwned\\x07\\x0d\\x9b2J");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for exactly these
    expect(result.stderr).not.toMatch(/[\u0007\r\u009b]|\u001b\]/);
  });
});

describe("transport faults", () => {
  it("a start whose answer is lost is read back, not resent: dropped after it was applied, it is confirmed", async () => {
    emulator.faults.add({ type: "drop", when: "after-apply", operation: "startSynchronizationJob", times: 1 });
    const result = await cli(["jobs", "start", ...jobArgs(paused)]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("the answer to the start was lost");
    expect(result.stderr).toContain("started (confirmed by reading the job)");
    expect(result.stdout).toContain("was Paused; confirmed by reading the job");
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
  });

  it("a start dropped before it was applied is read back and reported as not started (exit 1), never resent", async () => {
    emulator.faults.add({ type: "drop", when: "before-body", operation: "startSynchronizationJob", times: 1 });
    const result = await cli(["jobs", "start", ...jobArgs(paused), "-o", "json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`job ${paused.jobId}: not started (the job is still Paused)`);
    expect(result.stderr).toContain("nothing was sent again");
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(0);
    // One start request only: the lost one.
    const starts = emulator.requests.list().filter((r) => r.operation === "startSynchronizationJob");
    expect(starts).toHaveLength(1);
  });

  it("when the read-back fails too, the outcome stays unknown and says the start may have been sent", async () => {
    emulator.faults.add({ type: "drop", when: "after-apply", operation: "startSynchronizationJob", times: 1 });
    emulator.faults.add({ type: "error", status: 400, operation: "getSynchronizationJob", skip: 1, times: 1 });
    const result = await cli(["jobs", "start", ...jobArgs(paused)]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("outcome unknown: reading the job back failed too");
    expect(result.stderr).toContain("the request may have reached the service");
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
  });

  it("a slow service only makes the command slower: latency on every call, the start applied once", async () => {
    emulator.faults.add({ type: "latency", ms: 150, operation: "getSynchronizationJob", times: 1 });
    emulator.faults.add({ type: "latency", ms: 150, operation: "startSynchronizationJob", times: 1 });
    const before = emulator.faults.list().length;
    const result = await cli(["jobs", "start", ...jobArgs(paused), "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      jobId: paused.jobId,
      action: "started",
      previousStatus: "Paused",
    });
    // Both rules fired (they are used up), and the start reached the service exactly once.
    expect(emulator.faults.list().length).toBe(before - 2);
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
  });

  it("a dropped or truncated read is retried (reads are idempotent)", async () => {
    emulator.faults.add({ type: "drop", when: "before-body", operation: "getSynchronizationJob", times: 1 });
    emulator.faults.add({ type: "truncate", operation: "getSynchronizationJob", times: 1 });
    const result = await cli(["jobs", "get", ...jobArgs(paused), "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).id).toBe(paused.jobId);
  });

  it("an answer that is not JSON is an operation failure naming it", async () => {
    emulator.faults.add({ type: "invalid-json", operation: "listSynchronizationJobs", times: 1 });
    const result = await cli(["jobs", "list", "--sp", SP]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/could not list the jobs of service principal/);
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it("a closed port is a network error that says the request never left", async () => {
    const result = await run(["jobs", "list", "--sp", SP, "--base-url", "http://127.0.0.1:9/v1.0"], {
      env: { GRAPHSYNC_TOKEN: TOKEN },
      clock: clockOf(emulator),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ECONNREFUSED");
    expect(result.stderr).toContain("the request never left this machine");
    // The retries before giving up are shown, not a silent wait.
    expect(result.stderr).toMatch(
      /listSynchronizationJobs: ECONNREFUSED on attempt 1, retrying in \d+(ms|\.\ds) \(Ctrl-C stops\)/,
    );
  });
});

describe("--dry-run and --verbose", () => {
  it("--dry-run prints the exact requests and the emulator sees none", async () => {
    const before = emulator.requests.count;
    const result = await cli(["jobs", "restart", ...jobArgs(paused), "--reset-scope", "Watermark", "--dry-run"]);
    expect(result.code).toBe(0);
    expect(emulator.requests.count).toBe(before);
    expect(result.stdout).toContain(
      `POST ${emulator.graphUrl()}/servicePrincipals/${paused.servicePrincipalId}/synchronization/jobs/${paused.jobId}/restart`,
    );
    expect(result.stdout).toContain("authorization: Bearer <redacted>");
    expect(result.stdout).toContain('"resetScope": "Watermark"');
    expect(result.stdout).not.toContain(TOKEN);
    const json = JSON.parse((await cli(["jobs", "start", ...jobArgs(paused), "--dry-run", "-o", "json"])).stdout);
    expect(json.requests.map((r: { method: string }) => r.method)).toEqual(["GET", "POST"]);
    expect(emulator.requests.count).toBe(before);
  });

  it("--verbose shows the exchange with the token redacted", async () => {
    const result = await cli(["jobs", "get", ...jobArgs(paused), "--verbose"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`> GET ${emulator.graphUrl()}`);
    expect(result.stderr).toContain("> authorization: Bearer <redacted>");
    expect(result.stderr).toMatch(/< 200 OK \(\d+ms\)/);
    expect(result.stderr).not.toContain(TOKEN);
  });
});

describe("bulk start", () => {
  it("starts every record once with throttling injected, printing NDJSON results and a summary", async () => {
    await closeEmulators();
    const { tenant, records } = bulkTenant(40, 10);
    emulator = await startTestEmulator({ state: tenant });
    emulator.faults.add({ type: "throttle", retryAfter: 0.01, operation: "startSynchronizationJob", times: 6 });
    emulator.faults.add({
      type: "throttle",
      retryAfter: 0.01,
      operation: "startSynchronizationJob",
      skip: 20,
      times: 6,
    });
    emulator.faults.add({ type: "unavailable", retryAfter: 0.01, operation: "getSynchronizationJob", times: 5 });
    const dir = await mkdtemp(join(tmpdir(), "graphsync-bulk-"));
    const file = join(dir, "jobs.csv");
    await writeFile(file, `\ufeff${toCsv(records, "\r\n")}\r\n`);
    const result = await cli(["jobs", "start", "--from", file, "--concurrency", "8", "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const results = lines.filter((line) => line.type === "result");
    expect(results).toHaveLength(40);
    expect(results.every((r) => r.outcome === "started")).toBe(true);
    expect(new Set(results.map((r) => r.line)).size).toBe(40);
    expect(lines.at(-1)).toMatchObject({ type: "summary", total: 40, started: 40, failed: 0, stopped: false });
    for (const record of records) expect(emulator.state.startCount(record.servicePrincipalId, record.jobId)).toBe(1);
    expect(result.stderr.match(/429 on attempt/g)).toHaveLength(12);
    expect(result.stderr.match(/503 on attempt/g)).toHaveLength(5);
  });

  it("reports refused and failed records, exits 1, and reads stdin", async () => {
    const input = [
      { sp: paused.servicePrincipalId, job: paused.jobId },
      { sp: JOBS.active.servicePrincipalId, job: JOBS.active.jobId },
      { sp: SP, job: "scim.00000000000000000000000000000000" },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const result = await cli(["jobs", "start", "--from", "-"], { stdin: input });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^line 1\s+started\s/m);
    expect(result.stdout).toMatch(/^line 2\s+refused\s.*it is Active/m);
    expect(result.stdout).toMatch(/^line 3\s+failed\s.*was not found/m);
    expect(result.stderr).toContain("done: 1 started, 1 refused, 1 failed of 3");
    expect(result.stderr).toContain("2 of 3 job(s) not started");
  });

  it("--skip-running counts an Active job as done (exit 0) and says so in the summary", async () => {
    const input = [
      { sp: paused.servicePrincipalId, job: paused.jobId },
      { sp: JOBS.active.servicePrincipalId, job: JOBS.active.jobId },
    ]
      .map((r) => JSON.stringify(r))
      .join("\n");
    const result = await cli(["jobs", "start", "--from", "-", "--skip-running"], { stdin: input });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^line 1\s+started\s/m);
    expect(result.stdout).toMatch(/^line 2\s+already-running\s.*left alone/m);
    expect(result.stderr).toContain("done: 1 started, 1 already running, 0 refused, 0 failed of 2");
    expect(emulator.state.startCount(JOBS.active.servicePrincipalId, JOBS.active.jobId)).toBe(0);
  });

  it("records on one line (a one-line JSON array) are told apart by their position", async () => {
    const input = JSON.stringify([
      { sp: paused.servicePrincipalId, job: paused.jobId },
      { sp: JOBS.notRun.servicePrincipalId, job: JOBS.notRun.jobId },
    ]);
    const result = await cli(["jobs", "start", "--from", "-", "--concurrency", "1", "-o", "json"], { stdin: input });
    expect(result.code, result.stderr).toBe(0);
    const results = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((line) => line.type === "result");
    expect(results.map((r) => [r.line, r.record, r.jobId])).toEqual([
      [1, 1, paused.jobId],
      [1, 2, JOBS.notRun.jobId],
    ]);
  });

  it("a malformed record on stdin stops the run there: earlier records are reported, later ones never sent", async () => {
    const input = `servicePrincipalId,jobId\n${paused.servicePrincipalId},${paused.jobId}\n${SP}\n${JOBS.notRun.servicePrincipalId},${JOBS.notRun.jobId}\n`;
    const result = await cli(["jobs", "start", "--from", "-", "--concurrency", "1"], { stdin: input });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("stdin, line 3: expected 2 fields");
    expect(emulator.state.startCount(JOBS.notRun.servicePrincipalId, JOBS.notRun.jobId)).toBe(0);
  });

  it("an authentication failure stops the run at once (exit 3) instead of failing every record", async () => {
    await closeEmulators();
    const { tenant, records } = bulkTenant(50, 10);
    emulator = await startTestEmulator({ state: tenant, tokens: ["only-this-token"] });
    const dir = await mkdtemp(join(tmpdir(), "graphsync-bulk-"));
    const file = join(dir, "jobs.csv");
    await writeFile(file, `${toCsv(records)}\n`);
    const result = await cli(["jobs", "start", "--from", file, "--concurrency", "2", "-o", "json"]);
    expect(result.code, result.stderr).toBe(3);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    const results = lines.filter((line) => line.type === "result");
    // Only what was already in flight when the first 401 came back: at most one record a lane.
    expect(results.length).toBeGreaterThan(0);
    expect(results.length).toBeLessThanOrEqual(2);
    expect(results.every((r) => r.exitCode === 3)).toBe(true);
    expect(lines.at(-1)).toMatchObject({ type: "summary", started: 0, stopped: true });
    expect(result.stderr).toContain("failed authentication");
    for (const record of records) expect(emulator.state.startCount(record.servicePrincipalId, record.jobId)).toBe(0);
  });

  it("a FIFO (or <(cmd)) is read once, like stdin, not opened a second time", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-bulk-"));
    const fifo = join(dir, "jobs.fifo");
    execFileSync("mkfifo", [fifo]);
    const csv = `servicePrincipalId,jobId\n${paused.servicePrincipalId},${paused.jobId}\n${JOBS.notRun.servicePrincipalId},${JOBS.notRun.jobId}\n`;
    // The writer opens once; a second open by the reader would wait for a writer for ever (the test's timeout).
    const writer = writeFile(fifo, csv);
    const result = await cli(["jobs", "start", "--from", fifo, "-o", "json"]);
    await writer;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).not.toContain("record(s)");
    expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
    expect(emulator.state.startCount(JOBS.notRun.servicePrincipalId, JOBS.notRun.jobId)).toBe(1);
  });

  it("a malformed file sends nothing at all", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-bulk-"));
    const file = join(dir, "jobs.json");
    await writeFile(
      file,
      `[{"sp":"${paused.servicePrincipalId}","job":"${paused.jobId}"},{"sp":"not-a-guid","job":"x"}]`,
    );
    const before = emulator.requests.count;
    const result = await cli(["jobs", "start", "--from", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${file}, line 1 (record 2): Invalid servicePrincipalId "not-a-guid"`);
    expect(emulator.requests.count).toBe(before);
  });
});

describe("--emulator and demo", () => {
  it("runs a command against an embedded emulator, defaulting --sp to the demo tenant", async () => {
    const result = await run(["jobs", "list", "--emulator", "-o", "json"], { emulatorOptions: { clock: "manual" } });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).map((job: { id: string }) => job.id)).toContain(paused.jobId);
  });

  it("graphsync emulator --host 0.0.0.0 warns and prints where it really listens", async () => {
    // Already aborted: the server prints its ready lines, then stops at once, as on Ctrl-C.
    const stopped = AbortSignal.abort(new Error("received SIGINT"));
    const wide = await run(["emulator", "--port", "0", "--host", "0.0.0.0"], { signal: stopped });
    expect(wide.code, wide.stderr).toBe(0);
    expect(wide.stderr).toMatch(/warning: listening on 0\.0\.0\.0:\d+, not only on loopback/);
    expect(wide.stdout).toMatch(
      /listening on 0\.0\.0\.0:\d+ \(every interface; from this machine: http:\/\/127\.0\.0\.1:\d+\)/,
    );
    const json = await run(["emulator", "--port", "0", "--host", "0.0.0.0", "-o", "json"], { signal: stopped });
    expect(JSON.parse(json.stdout).listen).toMatch(/^0\.0\.0\.0:\d+$/);
    const local = await run(["emulator", "--port", "0"], { signal: stopped });
    expect(local.stderr).not.toContain("warning");
    expect(
      JSON.parse((await run(["emulator", "--port", "0", "-o", "json"], { signal: stopped })).stdout).listen,
    ).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it("demo lists, starts a paused job, waits until it runs and shows it (manual clock)", async () => {
    const result = await run(["demo"], { emulatorOptions: { clock: "manual" } });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("1. List the synchronization jobs");
    expect(result.stdout).toContain(`running job ${paused.jobId}: Active`);
    expect(result.stdout).toMatch(/refused \(exit code 1\): it is Active/);
    expect(result.stdout).toContain("Done: the emulator is closed.");
  });
});
