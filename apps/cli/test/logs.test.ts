/** graphsync logs against an in-process emulator holding seeded entries (manual clock: pacing takes no real time). */
import type { Emulator } from "@graphsync/emulator";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { cliOn, freshEmulatorEachTest } from "./helpers/commands.js";
import { closeEmulators, JOBS, SP, startTestEmulator } from "./helpers/emulator.js";
import { logEntry, minutesAgo, seedLogs, uuid } from "./helpers/logs.js";
import { hasStackTrace } from "./helpers/runtime.js";

let emulator: Emulator;
freshEmulatorEachTest((started) => {
  emulator = started;
});
const cli = cliOn(() => emulator);
const job = JOBS.paused.jobId;
const other = JOBS.active.jobId;

const SCHEMA_ERROR = {
  errorCode: "AzureActiveDirectoryInvalidSchema",
  reason: 'The attribute "mail" has a value, "x", that is too long',
  recommendedAction: "Shorten the value in the source system.",
};

/** Six entries, oldest first: successes, two failures with one code, one with another, a skip, another job's. */
async function seedMixed(): Promise<void> {
  await seedLogs(emulator, [
    logEntry({ n: 1, jobId: job, time: minutesAgo(emulator, 300), status: "success" }),
    logEntry({ n: 2, jobId: job, time: minutesAgo(emulator, 50), status: "failure", error: SCHEMA_ERROR }),
    logEntry({ n: 3, jobId: other, time: minutesAgo(emulator, 40), status: "success" }),
    logEntry({
      n: 4,
      jobId: job,
      time: minutesAgo(emulator, 30),
      status: "failure",
      action: "update",
      source: { id: uuid(4, "5"), displayName: "Alice O'Neil" },
      target: { id: "alice@contoso.com", displayName: "alice@contoso.com" },
      error: { errorCode: "SystemForCrossDomainIdentityManagementBadRequest", reason: 'Bad, "quoted"\nreason' },
    }),
    logEntry({ n: 5, jobId: job, time: minutesAgo(emulator, 20), status: "failure", error: SCHEMA_ERROR }),
    logEntry({ n: 6, jobId: job, time: minutesAgo(emulator, 10), status: "skipped", action: "other" }),
  ]);
}

describe("graphsync logs", () => {
  it("lists a job's entries newest first as a table, and as NDJSON with --output json", async () => {
    await seedMixed();
    const table = await cli(["logs", "--sp", SP, "--job", job]);
    expect(table.code, table.stderr).toBe(0);
    const lines = table.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^TIME\s+ACTION\s+STATUS\s+SOURCE\s+TARGET\s+ERROR$/);
    expect(lines).toHaveLength(6);
    expect(lines[1]).toMatch(/other\s+skipped\s+user6/);
    expect(lines[2]).toMatch(/failure\s+user5\s+user5\s+AzureActiveDirectoryInvalidSchema$/);
    expect(table.stderr).toContain("5 entries.");
    const json = await cli(["logs", "--sp", SP, "--job", job, "--status", "failure", "-o", "json"]);
    const entries = json.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(entries.map((entry) => entry.changeId)).toEqual([uuid(5, "d"), uuid(4, "d"), uuid(2, "d")]);
  });

  it("sends the filter the service understands: names and values case-sensitive, quotes doubled", async () => {
    await seedMixed();
    const result = await cli([
      "logs",
      "--sp",
      SP,
      "--user",
      "Alice O'Neil",
      "--status",
      "FAILURE",
      "--action",
      "Update",
      "--since",
      "1h",
      "-o",
      "json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(
      result.stdout
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line).changeId),
    ).toEqual([uuid(4, "d")]);
    const [request] = emulator.requests.list().filter((r) => r.url.includes("/auditLogs/provisioning"));
    const filter = new URL(`http://x${request?.url}`).searchParams.get("$filter");
    expect(filter).toContain("sourceIdentity/displayName eq 'Alice O''Neil'");
    expect(filter).toContain("provisioningStatusInfo/status eq 'failure'");
    expect(filter).toContain("provisioningAction eq 'update'");
    const since = await cli(["logs", "--sp", SP, "--since", "1h", "-o", "json"]);
    expect(since.stdout.trimEnd().split("\n")).toHaveLength(5);
    const last = emulator.requests.list().at(-1);
    expect(new URL(`http://x${last?.url}`).searchParams.get("$filter")).toBe(
      `servicePrincipal/id eq '${SP}' and activityDateTime ge ${new Date(emulator.clock.now() - 3_600_000).toISOString()}`,
    );
  });

  it("finds one object by its id, userPrincipalName or externalId", async () => {
    await seedMixed();
    for (const user of [uuid(4, "5"), "alice@contoso.com"]) {
      const result = await cli(["logs", "--sp", SP, "--user", user, "-o", "json"]);
      expect(result.code, `${user}: ${result.stderr}`).toBe(0);
      expect(JSON.parse(result.stdout).changeId).toBe(uuid(4, "d"));
    }
  });

  it("writes RFC 4180 CSV: one row per entry with its error code, reason and recommended action", async () => {
    await seedMixed();
    const result = await cli(["logs", "--sp", SP, "--job", job, "--output", "csv"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(
      /^time,jobId,cycleId,action,status,sourceId,sourceName,targetId,targetName,errorCode,reason,recommendedAction\r\n/,
    );
    expect(result.stdout).toContain('"Bad, ""quoted""\nreason"');
    const rows: Record<string, string>[] = parse(result.stdout, { columns: true });
    expect(rows).toHaveLength(5);
    expect(rows[2]).toMatchObject({
      action: "update",
      status: "failure",
      sourceName: "Alice O'Neil",
      targetId: "alice@contoso.com",
      errorCode: "SystemForCrossDomainIdentityManagementBadRequest",
      reason: 'Bad, "quoted"\nreason',
    });
    expect(rows[1]).toMatchObject({
      errorCode: SCHEMA_ERROR.errorCode,
      recommendedAction: SCHEMA_ERROR.recommendedAction,
    });
  });

  it("--summary groups the failures by error code, with counts and an example each", async () => {
    await seedMixed();
    const json = await cli(["logs", "--sp", SP, "--summary", "-o", "json"]);
    expect(json.code, json.stderr).toBe(0);
    const summary = JSON.parse(json.stdout);
    expect(summary).toMatchObject({ entries: 6, byStatus: { success: 2, failure: 3, skipped: 1 } });
    expect(summary.failures.map((g: { errorCode: string; count: number }) => [g.errorCode, g.count])).toEqual([
      [SCHEMA_ERROR.errorCode, 2],
      ["SystemForCrossDomainIdentityManagementBadRequest", 1],
    ]);
    expect(summary.failures[0].example).toMatchObject({ source: "user5", reason: SCHEMA_ERROR.reason });
    const table = await cli(["logs", "--sp", SP, "--summary"]);
    expect(table.stdout).toContain("6 entries: 1 skipped, 3 failure, 2 success");
    expect(table.stdout).toMatch(/AzureActiveDirectoryInvalidSchema {2}2 failures/);
    expect(table.stdout).toContain(`next step  ${SCHEMA_ERROR.recommendedAction}`);
    expect(table.stdout).toMatch(/^ {2}example {4}\S+Z {2}user5 → user5$/m);
    // One line per field in a table: a reason's line break is not the table's.
    expect(table.stdout).toContain('reason     Bad, "quoted" reason\n');
  });

  it("--top stops after N entries", async () => {
    await seedMixed();
    const result = await cli(["logs", "--sp", SP, "--top", "2", "-o", "json"]);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(2);
  });
});

describe("graphsync logs: paging and the service's 5 requests per 10 s", () => {
  const many = (emulatorAt: Emulator, count: number) =>
    Array.from({ length: count }, (_, i) =>
      logEntry({ n: i + 1, jobId: job, time: new Date(emulatorAt.clock.now() - (count - i) * 1000).toISOString() }),
    );

  it("follows every nextLink and stays within the window: 6 pages of 500, no 429", async () => {
    await closeEmulators();
    emulator = await startTestEmulator({ limits: { provisioningLogEntries: 3000 } });
    await seedLogs(emulator, many(emulator, 3000));
    const before = emulator.clock.now();
    const result = await cli(["logs", "--sp", SP, "--output", "csv"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split("\r\n")).toHaveLength(3001);
    const reads = emulator.requests.list().filter((r) => r.url.includes("/auditLogs/provisioning"));
    expect(reads.map((r) => r.status)).toEqual(Array(6).fill(200));
    // The 6th request waited for the window (the manual clock moved; no real time passed).
    expect(emulator.clock.now() - before).toBeGreaterThanOrEqual(10_000);
    expect(result.stderr).not.toContain("retrying");
  });

  it("honours Retry-After when the service throttles anyway", async () => {
    await closeEmulators();
    emulator = await startTestEmulator({ limits: { provisioningLogEntries: 2000, provisioningLogRequests: 2 } });
    await seedLogs(emulator, many(emulator, 2000));
    const result = await cli(["logs", "--sp", SP, "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trimEnd().split("\n")).toHaveLength(2000);
    expect(result.stderr).toMatch(/429 on attempt 1, retrying in/);
    const statuses = emulator.requests.list().map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
  });
});

describe("graphsync logs: bad input", () => {
  it("an unknown --status or --action gets a did-you-mean; nothing is sent (exit 2)", async () => {
    const status = await cli(["logs", "--sp", SP, "--status", "sucess"]);
    expect(status.code).toBe(2);
    expect(status.stderr).toContain('invalid --status value "sucess"');
    expect(status.stderr).toContain("did you mean success?");
    expect(status.stderr).toContain("success, failure, skipped, warning");
    const action = await cli(["logs", "--sp", SP, "--action", "creat"]);
    expect(action.stderr).toContain("did you mean create?");
    expect(emulator.requests.count).toBe(0);
  });

  it("lists every problem at once: --since, --top, --status", async () => {
    const result = await cli(["logs", "--sp", SP, "--since", "yesterday", "--top", "0", "--status", "ok"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("3 problems with the command line");
    expect(result.stderr).toContain('invalid --since "yesterday"');
    expect(result.stderr).toContain("30m, 2h, 7d, 1w");
    expect(result.stderr).toContain('invalid --top "0"');
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(emulator.requests.count).toBe(0);
    const future = await cli(["logs", "--sp", SP, "--since", "2999-01-01"]);
    expect(future.stderr).toContain("is in the future");
  });

  it("a --user that matches nothing says what it was compared with (exit 2)", async () => {
    await seedMixed();
    const result = await cli(["logs", "--sp", SP, "--user", "bob@contoso.com", "--job", job]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no provisioning log entry matches --user "bob@contoso.com"');
    expect(result.stderr).toContain("userPrincipalName or externalId");
    expect(result.stderr).toContain(`also required: --job ${job}`);
  });

  it("refuses --summary as CSV", async () => {
    const result = await cli(["logs", "--sp", SP, "--summary", "-o", "csv"]);
    expect(result.code).toBe(2);
    expect(emulator.requests.count).toBe(0);
  });
});
