/** `graphsync upload` in-process against the emulator's inbound provisioning job, on its manual clock. */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "@graphsync/emulator";
import { describe, expect, it } from "vitest";
import { nodeFetch } from "../src/transport.js";
import { cliFor, freshEmulatorEachTest, TOKEN } from "./helpers/commands.js";
import { closeEmulators, DEMO_TENANT, startTestEmulator } from "./helpers/emulator.js";

const INBOUND = DEMO_TENANT.jobs.inbound;
const IDS = ["--sp", INBOUND.servicePrincipalId, "--job", INBOUND.jobId];
const MAPPING = {
  externalId: "WorkerID",
  userName: { $template: "{First}.{Last}@contoso.com" },
  displayName: { $template: "{First} {Last}" },
  name: { givenName: "First", familyName: "Last" },
  active: { $column: "Status", $equals: "Active" },
};

let emulator: Emulator;
freshEmulatorEachTest((started) => {
  emulator = started;
});

interface Files {
  dir: string;
  csv: string;
  map: string;
}

/** A CSV of `count` workers (W0…), its mapping, and a fresh state directory. */
async function files(count: number, rows?: string[]): Promise<Files> {
  const dir = await mkdtemp(join(tmpdir(), "graphsync-upload-"));
  const csv = join(dir, "workers.csv");
  const lines = rows ?? Array.from({ length: count }, (_, i) => `W${i},First${i},Last${i},Active`);
  await writeFile(csv, `WorkerID,First,Last,Status\r\n${lines.join("\r\n")}\r\n`);
  const map = join(dir, "map.json");
  await writeFile(map, JSON.stringify(MAPPING));
  return { dir, csv, map };
}

function upload(f: Files, args: string[] = [], extra: Parameters<ReturnType<typeof cliFor>>[1] = {}) {
  return cliFor(emulator)(["upload", ...IDS, "--from", f.csv, "--map", f.map, ...args], {
    env: { GRAPHSYNC_TOKEN: TOKEN, XDG_STATE_HOME: join(f.dir, "state") },
    ...extra,
  });
}

// biome-ignore lint/suspicious/noExplicitAny: the emulator's control documents are read freely
async function counters(): Promise<any> {
  const response = await fetch(`${emulator.url}/_emulator/uploads`);
  const body = (await response.json()) as { value: { jobId: string }[] };
  return body.value.find((c) => c.jobId === INBOUND.jobId);
}

async function userByEmployeeId(employeeId: string) {
  const filter = encodeURIComponent(`employeeId eq '${employeeId}'`);
  const response = await fetch(`${emulator.graphUrl()}/users?$filter=${filter}`, {
    headers: { authorization: `Bearer ${emulator.token}` },
  });
  return ((await response.json()) as { value: { accountEnabled: boolean; userPrincipalName: string }[] }).value[0];
}

describe("upload --wait", () => {
  it("sends 120 records in 3 batches, each once, and reports every outcome in one JSON document", async () => {
    const f = await files(120, [
      ...Array.from({ length: 119 }, (_, i) => `W${i},First${i},Last${i},Active`),
      "W119,Left,Already,Terminated",
    ]);
    const result = await upload(f, ["--wait", "-o", "json"]);
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.upload).toMatchObject({ records: 120, uploaded: 120, batches: 3, sent: 3, resumed: 0, requests: 3 });
    expect(doc.outcomes).toEqual({ created: 120, updated: 0, disabled: 0, skipped: 0, failed: 0, pending: 0 });
    expect(doc.records).toHaveLength(120);
    expect(doc.records[0]).toMatchObject({ externalId: "W0", outcome: "created", action: "create", status: "success" });
    expect(doc.failedFile).toBeNull();
    expect(await counters()).toMatchObject({ requests: 3, externalIds: 120, receivedMoreThanOnce: 0, throttled: 0 });
    expect(await userByEmployeeId("W5")).toMatchObject({
      accountEnabled: true,
      userPrincipalName: "First5.Last5@contoso.com",
    });
    expect(await userByEmployeeId("W119")).toMatchObject({ accountEnabled: false });
    // The logs were read within their limit (5 per 10 s): never throttled.
    expect(result.stderr).not.toMatch(/429/);
  });

  it("groups outcomes for people, and writes the failed records in the input's format, ready to upload again", async () => {
    const f = await files(0, ["A1,Ada,Lovelace,Active", "B2,Guido,van Rossum,Active", "C3,Grace,Hopper,Active"]);
    const first = await upload(f, ["--wait"]);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain("outcomes: 2 created, 1 failed (of 3)");
    expect(first.stdout).toMatch(
      /failed:\n {2}B2 {2}The userPrincipalName 'Guido\.van Rossum@contoso\.com' is not valid.*; recommended: /,
    );
    const written = /failed records written to (\S+)/.exec(first.stdout)?.[1] as string;
    expect(written.startsWith(join(f.dir, "workers.failed-"))).toBe(true);
    expect(await readFile(written, "utf8")).toBe("WorkerID,First,Last,Status\r\nB2,Guido,van Rossum,Active\r\n");
    expect(first.stderr).toContain("1 of 3 record(s) failed");

    // Fixed, the file goes as it is; the same records again are updates or skips, not new users.
    await writeFile(written, "WorkerID,First,Last,Status\r\nB2,Guido,vanRossum,Active\r\n");
    const again = await cliFor(emulator)(["upload", ...IDS, "--from", written, "--map", f.map, "--wait"], {
      env: { GRAPHSYNC_TOKEN: TOKEN, XDG_STATE_HOME: join(f.dir, "state") },
    });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("outcomes: 1 created (of 1)");
  });

  it("gives up after --timeout with exit 5, the pending records counted and listed", async () => {
    await closeEmulators();
    emulator = await startTestEmulator({ uploadDelayMs: 3_600_000 });
    const f = await files(3);
    const result = await upload(f, ["--wait", "--timeout", "30s"]);
    expect(result.code).toBe(5);
    expect(result.stdout).toContain("outcomes: 3 pending (of 3)");
    expect(result.stdout).toMatch(/pending:\n {2}W0\n {2}W1\n {2}W2/);
    expect(result.stderr).toContain("3 of 3 record(s) have no outcome in the provisioning logs after 30s");
  });
});

describe("upload pre-flight and dry run", () => {
  it("refuses a job that is not Active (exit 1, nothing sent) unless --force", async () => {
    const f = await files(2);
    const pause = await cliFor(emulator)(["jobs", "pause", ...IDS]);
    expect(pause.code, pause.stderr).toBe(0);
    const refused = await upload(f);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`not uploading to job ${INBOUND.jobId}: it is Paused, not Active`);
    expect(refused.stderr).toContain("answers 202 and silently processes nothing");
    expect(refused.stderr).toContain(`graphsync jobs start --sp ${INBOUND.servicePrincipalId} --job ${INBOUND.jobId}`);
    expect(await counters()).toBeUndefined();
    const forced = await upload(f, ["--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toContain("is Paused: uploading anyway (--force)");
    expect(await counters()).toMatchObject({ requests: 1 });
  });

  it("--dry-run checks, counts the batches, shows the first request in full without the token, and sends nothing", async () => {
    const f = await files(75);
    const result = await upload(f, ["--dry-run"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "75 record(s) in 2 bulkUpload request(s) of up to 50 (the last with 25), at most 40 per 5.0s",
    );
    expect(result.stdout).toContain(`GET ${emulator.graphUrl()}/servicePrincipals/${INBOUND.servicePrincipalId}`);
    expect(result.stdout).toContain(
      `POST ${emulator.graphUrl()}/servicePrincipals/${INBOUND.servicePrincipalId}/synchronization/jobs/${INBOUND.jobId}/bulkUpload`,
    );
    expect(result.stdout).toMatch(/content-type: application\/scim\+json/i);
    expect(result.stdout).toContain('"bulkId": "W49"');
    expect(result.stdout).not.toContain('"bulkId": "W50"');
    expect(result.stdout).not.toContain(TOKEN);
    expect(await counters()).toBeUndefined();
    const json = JSON.parse((await upload(f, ["--dry-run", "-o", "json"])).stdout);
    expect(json).toMatchObject({ dryRun: true, records: 75, batches: 2, lastBatchSize: 25 });
    expect(json.requests[1].body.Operations).toHaveLength(50);
  });
});

describe("upload: pacing, retries, budget, resume", () => {
  it("stays within 40 requests per 5 s at the service's own limits: 45 batches, never throttled", async () => {
    const f = await files(45 * 50);
    const began = emulator.clock.now();
    const result = await upload(f);
    expect(result.code, result.stderr).toBe(0);
    expect(await counters()).toMatchObject({ requests: 45, throttled: 0, externalIds: 2250, receivedMoreThanOnce: 0 });
    expect(emulator.clock.now() - began).toBeGreaterThanOrEqual(5000);
  });

  it("--pace sets another rate: faster than the service allows, the emulator throttles (and the retries recover)", async () => {
    const f = await files(45 * 50);
    const result = await upload(f, ["--pace", "45/5s"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/batch 41 of 45: 429 on attempt 1/);
    expect(await counters()).toMatchObject({ throttled: 1, externalIds: 2250, receivedMoreThanOnce: 0 });
  });

  it("retries 429s after Retry-After; still throttled after the last attempt it stops (exit 5), and --resume sends the rest once", async () => {
    const f = await files(200);
    emulator.faults.add({ type: "throttle", retryAfter: 2, operation: "bulkUpload", times: 3 });
    const retried = await upload(f);
    expect(retried.code, retried.stderr).toBe(0);
    expect(retried.stderr.match(/batch 1 of 4: 429 on attempt/g)).toHaveLength(3);
    expect(await counters()).toMatchObject({ externalIds: 200, receivedMoreThanOnce: 0 });

    const g = await files(
      0,
      Array.from({ length: 200 }, (_, i) => `X${i},F${i},L${i},Active`),
    );
    emulator.faults.add({ type: "throttle", retryAfter: 1, operation: "bulkUpload", skip: 2, times: 10 });
    const stopped = await upload(g);
    expect(stopped.code).toBe(5);
    expect(stopped.stderr).toMatch(/upload stopped at batch 3 \(2 of 4 batch\(es\) accepted\): throttled after/);
    expect(stopped.stderr).toContain("--resume sends the rest");
    const again = await upload(g);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/stopped after 2 of 4 batch\(es\)/);
    expect(again.stderr).toContain("add --resume");
    const resumed = await upload(g, ["--resume"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain("--resume: 2 of 4 batch(es) were accepted");
    expect(resumed.stdout).toContain("2 sent now (2 accepted before, not sent again)");
    expect(await counters()).toMatchObject({ externalIds: 400, receivedMoreThanOnce: 0 });
  });

  it("interrupted between two batches, --resume neither resends nor skips one", async () => {
    const f = await files(250);
    const controller = new AbortController();
    let posts = 0;
    const fetch: typeof nodeFetch = (url, init) => {
      if (init?.method === "POST" && ++posts === 3) controller.abort();
      return nodeFetch(url, init);
    };
    const interrupted = await upload(f, [], { signal: controller.signal, fetch });
    expect(interrupted.code).toBe(130);
    expect(interrupted.stderr).toContain("upload stopped: 2 of 5 batch(es) accepted");
    expect(await counters()).toMatchObject({ requests: 2, externalIds: 100 });
    const resumed = await upload(f, ["--resume", "--wait", "-o", "json"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const doc = JSON.parse(resumed.stdout);
    expect(doc.upload).toMatchObject({ sent: 3, resumed: 2 });
    // --wait follows every record of the upload, the ones sent before the interruption included.
    expect(doc.outcomes).toMatchObject({ created: 250, pending: 0 });
    expect(await counters()).toMatchObject({ requests: 5, externalIds: 250, receivedMoreThanOnce: 0 });
    // A completed upload resumed again sends nothing.
    const done = await upload(f, ["--resume"]);
    expect(done.code).toBe(0);
    expect(done.stderr).toContain("this upload was completed");
    expect(await counters()).toMatchObject({ requests: 5 });
  });

  it("killed after a 202 but before its checkpoint, --resume sends that batch again and skips none", async () => {
    const f = await files(150);
    const controller = new AbortController();
    let posts = 0;
    const fetch: typeof nodeFetch = async (url, init) => {
      const response = await nodeFetch(url, init);
      if (init?.method === "POST" && ++posts === 2) controller.abort();
      return response;
    };
    const interrupted = await upload(f, [], { signal: controller.signal, fetch });
    expect(interrupted.code).toBe(130);
    const resumed = await upload(f, ["--resume"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const after = await counters();
    expect(after.externalIds).toBe(150);
    // The documented exactly-once caveat: at most the one batch whose 202 was not recorded goes twice.
    expect(after.receivedMoreThanOnce).toBeLessThanOrEqual(50);
  });

  it("keeps a daily count per job across runs and refuses to pass the budget before sending", async () => {
    const f = await files(120);
    const refused = await upload(f, ["--budget", "2"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("this upload needs 3 bulkUpload request(s), and the job has had 0 of its 2");
    expect(refused.stderr).toContain("--budget <n>");
    expect(await counters()).toBeUndefined();
    expect((await upload(f, ["--budget", "3"])).code).toBe(0);
    const small = await files(10);
    // The same state directory: the first run's 3 requests count.
    const second = await cliFor(emulator)(
      ["upload", ...IDS, "--from", small.csv, "--map", small.map, "--budget", "3"],
      {
        env: { GRAPHSYNC_TOKEN: TOKEN, XDG_STATE_HOME: join(f.dir, "state") },
      },
    );
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("the job has had 3 of its 3 in the last 24 hours");
    expect(existsSync(join(f.dir, "state", "graphsync", "upload-budget"))).toBe(true);
  });
});
