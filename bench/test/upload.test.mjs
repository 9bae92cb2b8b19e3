// The arithmetic and inputs of benchmark 7 (upload at scale): the pacing ideal, the 429 rules' shares, how the
// request log's attempts are read, and the generated HR file (deterministic, streamed, as many lines as asked).
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { uploadThrottleRules } from "../src/benchmarks/upload-scale.mjs";
import { HR_COLUMNS, hrRecord, workerId, writeHrCsv } from "../src/hr-records.mjs";
import { pacingIdeal } from "../src/upload-ideal.mjs";
import { attemptStats, attemptsOf } from "../src/upload-measure.mjs";

const PACE = { limit: 40, windowMs: 5000 };
const accepted = (n) => Array.from({ length: n }, () => ({ holdMs: 0 }));

describe("pacingIdeal", () => {
  test("without 429s, n requests take ⌊(n − 1) ÷ 40⌋ windows", () => {
    expect(pacingIdeal([], PACE).idealMs).toBe(0);
    expect(pacingIdeal(accepted(1), PACE).idealMs).toBe(0);
    expect(pacingIdeal(accepted(40), PACE).idealMs).toBe(0);
    expect(pacingIdeal(accepted(41), PACE).idealMs).toBe(5000);
    const r = pacingIdeal(accepted(200), PACE);
    expect(r).toMatchObject({ idealMs: 20_000, pacingMs: 20_000, retryAfterMs: 0 });
  });

  test("a Retry-After the window's own waiting covers adds nothing", () => {
    const attempts = accepted(41);
    attempts[10] = { holdMs: 2000 };
    const r = pacingIdeal(attempts, PACE);
    expect(r.sends[11]).toBe(2000);
    // The 41st request waits for the first one's window anyway (5 s > 2 s).
    expect(r).toMatchObject({ idealMs: 5000, pacingMs: 5000, retryAfterMs: 0 });
  });

  test("a Retry-After shifts the window of every request it delayed", () => {
    const attempts = accepted(80);
    attempts[10] = { holdMs: 2000 };
    const r = pacingIdeal(attempts, PACE);
    expect(r.sends[50]).toBe(5000);
    // Requests 12 to 40 went out at 2 s: their successors 40 later cannot go before 7 s.
    expect(r.sends[51]).toBe(7000);
    expect(r).toMatchObject({ idealMs: 7000, pacingMs: 5000, retryAfterMs: 2000 });
  });

  test("with answer times, each request waits for the previous answer, and a Retry-After starts at its answer", () => {
    const attempts = accepted(3).map(() => ({ holdMs: 0, serviceMs: 10 }));
    attempts[1] = { holdMs: 1000, serviceMs: 10 };
    const r = pacingIdeal(attempts, PACE);
    expect(r.sends).toEqual([0, 10, 1020]);
    expect(r.idealMs).toBe(1030);
  });

  test("a Retry-After past the window's waiting is added", () => {
    const attempts = accepted(41);
    attempts[39] = { holdMs: 6000 };
    const r = pacingIdeal(attempts, PACE);
    expect(r.sends[40]).toBe(6000);
    expect(r.retryAfterMs).toBe(1000);
  });
});

describe("uploadThrottleRules", () => {
  test("429 on 20 % of bulkUpload requests, 4 % for each Retry-After value, nothing else matched", () => {
    let remaining = 1;
    for (const rule of uploadThrottleRules()) {
      expect(rule).toMatchObject({ type: "throttle", operation: "bulkUpload" });
      expect(remaining * rule.probability).toBeCloseTo(0.04, 10);
      remaining *= 1 - rule.probability;
    }
    expect(1 - remaining).toBeCloseTo(0.2, 10);
  });
});

describe("attemptsOf and attemptStats", () => {
  const rules = uploadThrottleRules();
  const record = (at, status, faults = [], operation = "bulkUpload") => ({
    at: new Date(at).toISOString(),
    status,
    faults,
    operation,
  });

  test("reads bulkUpload attempts only, with the Retry-After of the rule that threw each 429", () => {
    const log = {
      value: [
        record(0, 200, [], "getSynchronizationJob"),
        record(10, 429, ["throttle-1"]),
        record(1020, 202),
        record(1030, 429),
      ],
    };
    const attempts = attemptsOf(log, rules);
    expect(attempts.map((a) => a.holdMs)).toEqual([1000, 0, 0]);
    expect(attemptStats(attempts)).toEqual({ attempts: 3, accepted: 1, injected: 1, limited: 1, other: 0, early: 0 });
  });

  test("counts a retry sent before its Retry-After had passed", () => {
    const attempts = attemptsOf({ value: [record(0, 429, ["throttle-2"]), record(1500, 202)] }, rules);
    expect(attemptStats(attempts).early).toBe(1);
  });

  test("refuses a 429 from a rule it does not know", () => {
    expect(() => attemptsOf({ value: [record(0, 429, ["mystery"])] }, rules)).toThrow(/no known rule/);
  });
});

describe("the generated HR file", () => {
  test("is the same record for the same index, with a manager that comes earlier", () => {
    expect(hrRecord(41)).toEqual(hrRecord(41));
    expect(hrRecord(41)).toHaveLength(HR_COLUMNS.length);
    expect(hrRecord(0)[HR_COLUMNS.indexOf("ManagerID")]).toBe("");
    expect(hrRecord(41)[HR_COLUMNS.indexOf("ManagerID")]).toBe(workerId(4));
    for (let i = 0; i < 500; i++) expect(hrRecord(i).join("")).not.toMatch(/[,"\r\n]/);
  });

  test("has a header and one CRLF line per record", async () => {
    const dir = await mkdtemp(join(tmpdir(), "graphsync-bench-hr-"));
    try {
      const file = join(dir, "workers.csv");
      await writeHrCsv(file, 2501);
      const lines = (await readFile(file, "utf8")).split("\r\n");
      expect(lines.at(-1)).toBe("");
      expect(lines).toHaveLength(2503);
      expect(lines[0]).toBe(HR_COLUMNS.join(","));
      expect(lines[2501].startsWith(`${workerId(2500)},`)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
