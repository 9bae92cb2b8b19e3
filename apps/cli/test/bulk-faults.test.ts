/**
 * Issue 21: a bulk start under the fault mix an operator met (throttling, 503s, connections dropped before the answer
 * and after a start was applied, slow answers) reports every record truthfully, and a rerun of the same file with
 * --skip-running once the faults have passed ends in success, every job started exactly once across both runs.
 */
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { afterAll, describe, expect, it } from "vitest";
import { bulkTenant, clockOf, closeEmulators, startTestEmulator, target, toCsv } from "./helpers/emulator.js";
import { run } from "./helpers/runtime.js";

afterAll(closeEmulators);

const JOBS = 1000;

function addFaultMix(emulator: Emulator): void {
  // Retry-After is honoured on the emulator's manual clock: no real waiting, however many 429s.
  emulator.faults.add({ type: "throttle", retryAfter: 0.2, probability: 0.15 });
  emulator.faults.add({ type: "unavailable", retryAfter: 0.2, probability: 0.05 });
  emulator.faults.add({ type: "drop", when: "before-body", probability: 0.03 });
  emulator.faults.add({ type: "drop", when: "after-apply", operation: "startSynchronizationJob", probability: 0.02 });
  emulator.faults.add({ type: "latency", ms: 2, probability: 0.1 });
}

function parse(stdout: string) {
  const lines = stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
  return { results: lines.filter((line) => line.type === "result"), summary: lines.at(-1) };
}

describe("bulk start under faults (issue 21)", () => {
  it("reports every record truthfully, and a rerun with --skip-running ends in success, each job started once", async () => {
    const { tenant, records } = bulkTenant(JOBS, 50);
    const emulator = await startTestEmulator({ state: tenant, seed: "issue-21-fault-mix" });
    addFaultMix(emulator);
    const dir = await mkdtemp(join(tmpdir(), "graphsync-faults-"));
    const file = join(dir, "jobs.csv");
    await writeFile(file, toCsv(records));
    const argv = ["jobs", "start", "--from", file, "--concurrency", "16", "-o", "json", ...target(emulator)];
    const options = { env: { GRAPHSYNC_TOKEN: "fault-mix-token" }, clock: clockOf(emulator) };

    const first = await run(argv, options);
    const one = parse(first.stdout);
    expect(one.results).toHaveLength(JOBS);
    // Truthful: a record reported started is running in the emulator, one reported failed is not.
    for (const result of one.results) {
      const starts = emulator.state.startCount(result.servicePrincipalId, result.jobId);
      expect(starts, `${result.jobId}: ${result.outcome} ${result.message ?? ""}`).toBe(
        result.outcome === "started" ? 1 : 0,
      );
    }
    // No "unknown" left: every failed record was read back and shown not started.
    const failed = one.results.filter((r) => r.outcome === "failed");
    for (const result of failed) expect(result.message).toMatch(/^not started \(the job is still Paused\); /);
    const confirmed = one.results.filter((r) => r.confirmedByReading);
    expect(confirmed.length).toBeGreaterThan(0);
    expect(
      confirmed.every((r) => r.outcome === "started" && r.message === "started (confirmed by reading the job)"),
    ).toBe(true);
    expect(failed.length).toBeGreaterThan(0);
    expect(first.code).toBe(1);
    expect(one.summary).toMatchObject({
      type: "summary",
      total: JOBS,
      started: JOBS - failed.length,
      failed: failed.length,
      confirmedByReading: confirmed.length,
      alreadyRunning: 0,
      refused: 0,
      stopped: false,
    });

    // The faults have passed: the same file again, leaving the running jobs alone.
    emulator.faults.clear();
    const second = await run([...argv, "--skip-running"], options);
    expect(second.code, second.stderr).toBe(0);
    const two = parse(second.stdout);
    expect(two.summary).toMatchObject({
      total: JOBS,
      started: failed.length,
      alreadyRunning: JOBS - failed.length,
      failed: 0,
      refused: 0,
    });
    for (const record of records) {
      expect(emulator.state.startCount(record.servicePrincipalId, record.jobId)).toBe(1);
    }
    expect(emulator.state.counters(records[0]?.servicePrincipalId ?? "", records[0]?.jobId ?? "")).toMatchObject({
      starts: 1,
    });
  });
});
