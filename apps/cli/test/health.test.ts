/** graphsync health on the emulator's demo tenant (manual clock): one row per job, next steps, exit 6, --from, --watch. */
import { writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { describe, expect, it } from "vitest";
import { nodeFetch } from "../src/transport.js";
import { cliOn, freshEmulatorEachTest, jobArgs } from "./helpers/commands.js";
import { bulkTenant, closeEmulators, JOBS, SP, startTestEmulator, toCsv } from "./helpers/emulator.js";
import { hasStackTrace } from "./helpers/runtime.js";

let emulator: Emulator;
freshEmulatorEachTest((started) => {
  emulator = started;
});
const cli = cliOn(() => emulator);

type Row = {
  jobId: string;
  state: string;
  status: string;
  resetScope: string | null;
  nextStep: string | null;
} & Record<string, unknown>;
const rowsOf = (stdout: string): Row[] => JSON.parse(stdout).jobs;
const rowFor = (rows: Row[], jobId: string) => rows.find((row) => row.jobId === jobId) as Row;

describe("graphsync health", () => {
  it("checks every job of every service principal with jobs; exit 6 when any is not healthy", async () => {
    const result = await cli(["health", "-o", "json"]);
    expect(result.code, result.stderr).toBe(6);
    const report = JSON.parse(result.stdout);
    expect(report.healthy).toBe(false);
    const rows: Row[] = report.jobs;
    expect(rows.map((row) => row.jobId).sort()).toEqual(
      Object.values(JOBS)
        .map((job) => job.jobId)
        .sort(),
    );
    expect(rowFor(rows, JOBS.active.jobId)).toMatchObject({ state: "healthy", status: "Active", nextStep: null });
    expect(rowFor(rows, JOBS.paused.jobId)).toMatchObject({ state: "unhealthy", status: "Paused" });
    expect(rowFor(rows, JOBS.paused.jobId).nextStep).toBe(`graphsync jobs start ${jobArgs(JOBS.paused).join(" ")}`);
    expect(rowFor(rows, JOBS.activeWithErrors.jobId)).toMatchObject({ state: "warning" });
    const quarantined = rowFor(rows, JOBS.quarantine.jobId);
    expect(quarantined).toMatchObject({ state: "unhealthy", resetScope: "QuarantineState" });
    expect(quarantined.quarantine).toMatchObject({ reason: "EncounteredQuarantineException" });
    expect(quarantined.nextStep).toContain(`--reset-scope QuarantineState`);
    expect(result.stderr).toContain("error: 5 of 8 jobs are not healthy");
    expect(hasStackTrace(result.stderr)).toBe(false);
  });

  it("exit 0 for a healthy job; the table has one line per job", async () => {
    const result = await cli(["health", ...jobArgs(JOBS.active)]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(
      /^SERVICE PRINCIPAL\s+JOB\s+STATUS\s+HEALTH\s+LAST EXPORT\s+QUARANTINE\s+FAILURES\s+PRUNED/,
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/Active\s+healthy\s+\d+m ago\s+-\s+0\s+-\s+-$/);
    expect(result.stderr).toContain("1 job: 1 healthy, 0 warning, 0 unhealthy");
  });

  it("a quarantine: the restart scope that fits its reason, never None or ConnectorDataStore, and days left", async () => {
    const reasons = {
      EncounteredEscrowProportionThreshold: "Escrows,QuarantineState",
      TooManyDeletes: "QuarantineState,Watermark",
      QuarantinedOnDemand: "QuarantineState",
      Unknown: "QuarantineState",
    } as const;
    for (const [reason, scope] of Object.entries(reasons)) {
      await emulator.state.quarantine(SP, JOBS.active.jobId, { reason: reason as never });
      emulator.clock.advance(10 * 86_400_000);
      const result = await cli(["health", ...jobArgs(JOBS.active), "-o", "json"]);
      expect(result.code, reason).toBe(6);
      const [row] = rowsOf(result.stdout);
      expect(row?.resetScope, reason).toBe(scope);
      expect(row?.nextStep, reason).toContain(`--reset-scope ${scope}`);
      expect(row?.nextStep).not.toMatch(/None|ConnectorDataStore/);
      expect(row?.quarantine).toMatchObject({ reason });
      await emulator.state.reset();
    }
    // The series began 10 days ago: 18 days are left of the 4 weeks.
    await emulator.state.quarantine(SP, JOBS.active.jobId, { reason: "EncounteredQuarantineException" });
    emulator.clock.advance(10 * 86_400_000);
    const [row] = rowsOf((await cli(["health", ...jobArgs(JOBS.active), "-o", "json"])).stdout);
    expect(row?.quarantine).toMatchObject({ daysLeft: 18 });
    expect((await cli(["health", ...jobArgs(JOBS.active)])).stdout).toContain("disabled in 18 days unless fixed");
  });

  it("--from: the jobs listed; a job that does not exist is a row that says so", async () => {
    const file = join(tmpdir(), `graphsync-health-${process.pid}.csv`);
    await writeFile(
      file,
      `servicePrincipalId,jobId\n${SP},${JOBS.active.jobId}\n${SP},scim.00000000000000000000000000000000\n${JOBS.quarantine.servicePrincipalId},${JOBS.quarantine.jobId}\n`,
    );
    const result = await cli(["health", "--from", file, "-o", "json"]);
    expect(result.code, result.stderr).toBe(6);
    const rows = rowsOf(result.stdout);
    expect(rows.map((row) => [row.state, row.status])).toEqual([
      ["unhealthy", "Quarantine"],
      ["healthy", "Active"],
      ["error", "-"],
    ]);
    expect(rows[2]?.problems).toEqual([expect.stringContaining('has no job "scim.00000000000000000000000000000000"')]);
  });

  it("reads many service principals at most 8 at a time", async () => {
    await closeEmulators();
    const { tenant } = bulkTenant(60, 2);
    emulator = await startTestEmulator({ state: tenant });
    let inFlight = 0;
    let most = 0;
    const counting: typeof nodeFetch = async (url, init) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        return await nodeFetch(url, init);
      } finally {
        inFlight--;
      }
    };
    const result = await cli(["health", "-o", "json"], { fetch: counting });
    expect(rowsOf(result.stdout)).toHaveLength(60);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(8);
  });

  it("throttling holds every lane and a read whose retries all met 429 is made again: every job is read", async () => {
    await closeEmulators();
    const { tenant } = bulkTenant(6, 3);
    emulator = await startTestEmulator({ state: tenant });
    // 25 answers of 429 over two service principals' reads: one of them meets more than the client's 10 attempts.
    emulator.faults.add({ type: "throttle", retryAfter: 0.5, operation: "listSynchronizationJobs", times: 25 });
    const file = join(tmpdir(), `graphsync-health-throttled-${process.pid}.csv`);
    await writeFile(
      file,
      toCsv(
        tenant.servicePrincipals.flatMap((sp) =>
          sp.jobs.map((job) => ({ servicePrincipalId: sp.id, jobId: job.id as string })),
        ),
      ),
    );
    const result = await cli(["health", "--from", file, "-o", "json"]);
    expect(result.code, result.stderr).toBe(6);
    const rows = rowsOf(result.stdout);
    expect(rows).toHaveLength(6);
    expect(rows.every((row) => row.status === "Paused")).toBe(true);
    expect(result.stderr).toMatch(/429 on attempt 9,/);
  });

  it("--watch: one report per check as plain lines off a terminal, redrawn in place on one; Ctrl-C ends it", async () => {
    const controller = new AbortController();
    const plain = await cli(["health", ...jobArgs(JOBS.active), "--watch", "--interval", "30s"], {
      signal: controller.signal,
      // The test's bound: the third report aborts the run, as Ctrl-C would.
      onStdout: (text) => {
        if ((text.match(/^# /gm) ?? []).length >= 3) controller.abort(new Error("received SIGINT"));
      },
    });
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout.match(/^# \d{4}-/gm)).toHaveLength(3);
    expect(plain.stdout.match(/^1 job: 1 healthy/gm)).toHaveLength(3);
    expect(plain.stdout).not.toContain("\u001b[2J");
    const again = new AbortController();
    const tty = await cli(["health", ...jobArgs(JOBS.active), "--watch", "--no-color"], {
      signal: again.signal,
      tty: true,
      onStdout: (text) => {
        if (text.split("\u001b[2J").length > 2) again.abort(new Error("received SIGINT"));
      },
    });
    expect(tty.code, tty.stderr).toBe(0);
    // Each check starts by clearing the screen and going home; no "# time" lines on a terminal.
    expect(tty.stdout.startsWith("\u001b[H\u001b[2J")).toBe(true);
    expect(tty.stdout).not.toMatch(/^# /m);
  });

  it("bad input: every problem at once, exit 2, nothing sent", async () => {
    const result = await cli(["health", "--max-age", "soon", "--job", "a/b", "--sp", SP]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("2 problems with the command line");
    expect(result.stderr).toContain('invalid --max-age "soon"');
    expect(result.stderr).toContain('invalid --job "a/b"');
    const interval = await cli(["health", "--interval", "10s"]);
    expect(interval.stderr).toContain("--interval applies only with --watch");
    const file = join(tmpdir(), `graphsync-health-bad-${process.pid}.csv`);
    await writeFile(
      file,
      `servicePrincipalId,jobId\n${SP},${JOBS.active.jobId}\nnot-a-guid,scim.1\n${SP},a/b\n${SP}\n`,
    );
    const bad = await cli(["health", "--from", file]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("3 bad row(s); nothing was read");
    expect(bad.stderr).toMatch(/line 3: .*servicePrincipalId "not-a-guid"/);
    expect(bad.stderr).toMatch(/line 4: .*"a\/b"/);
    expect(bad.stderr).toMatch(/line 5/);
    expect(emulator.requests.count).toBe(0);
  });
});
