/** The pure parts of logs, explain and health: the pacing window, CSV fields, --since, and the health verdicts. */
import type { SynchronizationJob } from "@graphsync/types";
import { describe, expect, it } from "vitest";
import { CliError } from "../src/errors.js";
import { assessJob, formatAge, quarantineStep } from "../src/health-assess.js";
import { csvField, csvRow } from "../src/logs-format.js";
import { parseSince } from "../src/logs-query.js";
import { Pacer } from "../src/rate-pacer.js";

/** A clock whose sleep moves it: waits take no real time and are recorded. */
function manualClock(start = 0) {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}

describe("Pacer", () => {
  it("lets 5 requests start in any 10 s, and no more", async () => {
    const clock = manualClock(1_000);
    const pacer = new Pacer({ limit: 5, windowMs: 10_000, clock });
    const starts: number[] = [];
    for (let i = 0; i < 12; i++) {
      await pacer.acquire();
      starts.push(clock.now());
    }
    for (let i = 5; i < starts.length; i++) {
      expect((starts[i] ?? 0) - (starts[i - 5] ?? 0)).toBeGreaterThanOrEqual(10_000);
    }
    expect(starts.slice(0, 5)).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
    expect(starts[5]).toBe(11_000);
  });

  it("gives concurrent callers distinct slots", async () => {
    // Time stands still while they wait: the third and fourth both wait for the window, the fifth for the next.
    const sleeps: number[] = [];
    const pacer = new Pacer({
      limit: 2,
      windowMs: 1_000,
      clock: { now: () => 0, sleep: async (ms) => void sleeps.push(ms) },
    });
    await Promise.all(Array.from({ length: 5 }, () => pacer.acquire()));
    expect(sleeps).toEqual([1_000, 1_000, 2_000]);
  });
});

describe("CSV", () => {
  it("quotes what RFC 4180 says to quote and nothing else", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField(null)).toBe("");
    expect(csvField("bell\u0007 \u001b[31mred")).toBe("bell\uFFFD \uFFFD[31mred");
    expect(csvRow(["a", "b,c", undefined])).toBe('a,"b,c",\r\n');
  });
});

describe("--since", () => {
  const now = Date.parse("2026-11-28T10:00:00Z");
  it("takes how long ago or an ISO date", () => {
    expect(parseSince("2h", now).toISOString()).toBe("2026-11-28T08:00:00.000Z");
    expect(parseSince("7d", now).toISOString()).toBe("2026-11-21T10:00:00.000Z");
    expect(parseSince("1w", now).toISOString()).toBe("2026-11-21T10:00:00.000Z");
    expect(parseSince("2026-11-27", now).toISOString()).toBe("2026-11-27T00:00:00.000Z");
    expect(parseSince("2026-11-27T10:30", now).toISOString()).toBe("2026-11-27T10:30:00.000Z");
    expect(parseSince("2026-11-27T10:30:00+01:00", now).toISOString()).toBe("2026-11-27T09:30:00.000Z");
  });
  it("refuses anything else, naming it", () => {
    for (const text of ["yesterday", "2h ago", "-2h", "2026-13-45", "0h"]) {
      expect(() => parseSince(text, now), text).toThrow(CliError);
    }
  });
});

describe("health verdicts", () => {
  const now = Date.parse("2026-11-28T10:00:00Z");
  const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
  const active = (status: NonNullable<SynchronizationJob["status"]>): SynchronizationJob => ({
    id: "scim.1",
    status: { code: "Active", ...status },
  });
  const assess = (job: SynchronizationJob, maxAgeHours = 24) =>
    assessJob({ servicePrincipalId: "sp", job, now, maxAgeMs: maxAgeHours * 3_600_000 });
  const ok = { lastSuccessfulExecution: { timeEnded: hoursAgo(1) } };

  it("healthy: a recent successful cycle and a recent export", () => {
    const row = assess(active({ ...ok, lastSuccessfulExecutionWithExports: { timeEnded: hoursAgo(2) } }));
    expect(row).toMatchObject({ state: "healthy", sinceExportMs: 2 * 3_600_000, problems: [], nextStep: null });
  });

  it("unhealthy: failing, or no successful cycle within --max-age; a warning for no export", () => {
    const failing = assess(active({ ...ok, countSuccessiveCompleteFailures: 3 }));
    expect(failing.state).toBe("unhealthy");
    expect(failing.nextStep).toBe("graphsync logs --sp sp --job scim.1 --status failure --summary");
    const stale = assess(active({ lastSuccessfulExecution: { timeEnded: hoursAgo(30) } }));
    expect(stale).toMatchObject({ state: "unhealthy", problems: ["no successful cycle in 24h"] });
    expect(assess(active({ lastSuccessfulExecution: { timeEnded: hoursAgo(30) } }), 48).state).toBe("warning");
    const quiet = assess(active({ ...ok, lastSuccessfulExecutionWithExports: { timeEnded: hoursAgo(50) } }));
    expect(quiet).toMatchObject({ state: "warning", problems: [expect.stringContaining("nothing exported in 24h")] });
  });

  it("an initial cycle still running is not stale; pruned escrows and entry errors are warnings", () => {
    const initial = assess(active({ progress: [{ completedUnits: 10, totalUnits: 100 }] }));
    expect(initial.state).toBe("healthy");
    const pruned = assess(
      active({ ...ok, lastSuccessfulExecutionWithExports: { timeEnded: hoursAgo(1) }, escrowsPruned: true }),
    );
    expect(pruned).toMatchObject({ state: "warning", escrowsPruned: true });
    const errors = assess(
      active({
        ...ok,
        lastSuccessfulExecutionWithExports: { timeEnded: hoursAgo(1) },
        lastExecution: { state: "EntryLevelErrors" },
      }),
    );
    expect(errors.problems).toEqual(["entry-level errors in the last cycle"]);
  });

  it("quarantine: the fitting scope for every documented reason, never None or ConnectorDataStore", () => {
    for (const reason of [
      "EncounteredBaseEscrowThreshold",
      "EncounteredTotalEscrowThreshold",
      "EncounteredEscrowProportionThreshold",
      "EncounteredQuarantineException",
      "QuarantinedOnDemand",
      "TooManyDeletes",
      "IngestionInterrupted",
      "Unknown",
      undefined,
    ]) {
      const { scope } = quarantineStep(reason);
      expect(scope, reason).toContain("QuarantineState");
      expect(scope, reason).not.toMatch(/None|ConnectorDataStore|Full/);
    }
    expect(quarantineStep("EncounteredBaseEscrowThreshold").scope).toBe("Escrows,QuarantineState");
    const row = assess({
      id: "scim.1",
      status: { code: "Quarantine", quarantine: { reason: "TooManyDeletes", seriesBegan: hoursAgo(27 * 24 + 1) } },
    });
    expect(row.quarantine).toMatchObject({ daysLeft: 0 });
    expect(row.nextStep).toContain("ForceDeletes,QuarantineState instead");
  });

  it("ages read as people say them", () => {
    expect([
      formatAge(59_000),
      formatAge(3_600_000),
      formatAge(5 * 3_600_000 + 12 * 60_000),
      formatAge(76 * 3_600_000),
    ]).toEqual(["0m", "1h", "5h12m", "3d4h"]);
  });
});
