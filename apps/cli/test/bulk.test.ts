/** Bulk start, --emulator and demo in-process against an emulator with a manual clock. */
import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { describe, expect, it } from "vitest";
import { cliOn, freshEmulatorEachTest } from "./helpers/commands.js";
import { bulkTenant, closeEmulators, JOBS, SP, startTestEmulator, toCsv } from "./helpers/emulator.js";
import { run } from "./helpers/runtime.js";

let emulator: Emulator;
freshEmulatorEachTest((started) => {
  emulator = started;
});
const cli = cliOn(() => emulator);
const paused = JOBS.paused;

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
