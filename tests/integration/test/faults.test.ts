// The client against the emulator with injected faults (issue 8): every logical operation ends in success or a
// clear, typed error; throttled starts are retried and applied exactly once; a start whose connection drops after
// it was sent is reported, never sent twice.
import {
  createGraphSyncClient,
  GraphError,
  type GraphSyncClient,
  NetworkError,
  type RetryEvent,
} from "@graphsync/client";
import { DEMO_TENANT, type Emulator, startEmulator } from "@graphsync/emulator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const { servicePrincipalId: sp, jobId: paused } = DEMO_TENANT.jobs.paused;
const { jobId: quarantined, servicePrincipalId: scimSp } = DEMO_TENANT.jobs.quarantine;

let emulator: Emulator;
let graph: GraphSyncClient;
let retries: RetryEvent[];

beforeEach(async () => {
  emulator = await startEmulator({ clock: "manual", log: "silent", seed: "faults" });
  retries = [];
  graph = createGraphSyncClient({
    baseUrl: emulator.graphUrl(),
    accessToken: emulator.token,
    // Small waits keep the suite fast; the delays the client chose are recorded and asserted instead of timed.
    retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 20, onRetry: (e) => retries.push(e) },
  });
});
afterEach(async () => {
  expect(emulator.contract.violations).toEqual([]);
  await emulator.close();
});

describe("throttling", () => {
  it("a start refused with 429 is retried after Retry-After and applied exactly once", async () => {
    emulator.faults.add({ type: "throttle", retryAfter: 0.015, operation: "startSynchronizationJob", times: 3 });
    const result = await graph.startJob(sp, paused);
    expect(result.status).toBe(204);
    expect(emulator.state.startCount(sp, paused)).toBe(1);
    expect(retries.map((r) => [r.error instanceof GraphError && r.error.status, r.delayMs])).toEqual([
      [429, 15],
      [429, 15],
      [429, 15],
    ]);
    expect(new Set(retries.map((r) => r.clientRequestId)).size).toBe(1);
    expect((await graph.getJob(sp, paused)).status?.code).toBe("Active");
  });

  it("a start refused with 503 is retried and applied exactly once", async () => {
    emulator.faults.add({ type: "unavailable", retryAfter: 0.01, operation: "startSynchronizationJob", times: 2 });
    await graph.startJob(scimSp, quarantined);
    expect(emulator.state.startCount(scimSp, quarantined)).toBe(1);
    expect(retries).toHaveLength(2);
    const job = await graph.getJob(scimSp, quarantined);
    expect(job.status?.quarantine ?? null).toBeNull();
  });

  it("a 429 storm past the attempt cap ends in a GraphError that says so, with nothing applied", async () => {
    emulator.faults.add({ type: "throttle", retryAfter: 0.005, operation: "startSynchronizationJob" });
    const error = await graph.startJob(sp, paused).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 429, code: "TooManyRequests", retryAfterMs: 5 });
    expect(retries).toHaveLength(5);
    expect(emulator.state.startCount(sp, paused)).toBe(0);
  });

  it("503 without Retry-After falls back to backoff (bounded by the options)", async () => {
    emulator.faults.add({ type: "unavailable", retryAfter: null, operation: "getSynchronizationJob", times: 2 });
    await graph.getJob(sp, paused);
    expect(retries.map((r) => r.delayMs).every((d) => d >= 0 && d <= 20)).toBe(true);
    expect(retries).toHaveLength(2);
  });
});

describe("errors that are not retried", () => {
  it("a 500 on start is reported once, with Graph's code and request id", async () => {
    emulator.faults.add({ type: "error", status: 500, operation: "startSynchronizationJob", times: 1 });
    const error = await graph.startJob(sp, paused).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    const graphError = error as GraphError;
    expect(graphError.status).toBe(500);
    expect(graphError.code).toBe("generalException");
    expect(graphError.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(retries).toHaveLength(0);
    expect(emulator.state.startCount(sp, paused)).toBe(0);
  });

  it("an unknown job is a 404 GraphError naming Request_ResourceNotFound", async () => {
    const error = await graph.startJob(sp, "AD2AADProvisioning.00000000000000000000000000000000").catch((e) => e);
    expect(error).toMatchObject({ name: "GraphError", status: 404, code: "Request_ResourceNotFound" });
  });
});

describe("dropped connections", () => {
  it("a start whose connection drops after it was applied is reported, not sent again", async () => {
    emulator.faults.add({ type: "drop", when: "after-apply", operation: "startSynchronizationJob", times: 1 });
    const before = emulator.requests.count;
    const error = await graph.startJob(sp, paused).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).sent).toBe(true);
    expect(emulator.requests.count - before).toBe(1);
    // The service did apply it: the caller learns the outcome is unknown and can read the job.
    expect(emulator.state.startCount(sp, paused)).toBe(1);
    expect((await graph.getJob(sp, paused)).status?.code).toBe("Active");
  });

  it("the same drop on a read is retried and succeeds", async () => {
    emulator.faults.add({ type: "drop", when: "after-apply", operation: "getSynchronizationJob", times: 1 });
    const job = await graph.getJob(sp, paused);
    expect(job.id).toBe(paused);
    expect(retries).toHaveLength(1);
    expect(retries[0]?.error).toBeInstanceOf(NetworkError);
  });

  it("pause is idempotent: a dropped pause is retried", async () => {
    const { servicePrincipalId, jobId } = DEMO_TENANT.jobs.active;
    emulator.faults.add({ type: "drop", when: "after-apply", operation: "pauseSynchronizationJob", times: 1 });
    await graph.pauseJob(servicePrincipalId, jobId);
    expect(retries).toHaveLength(1);
    expect((await graph.getJob(servicePrincipalId, jobId)).status?.code).toBe("Paused");
  });

  it("restart and provisionOnDemand are not repeated after a drop", async () => {
    const { servicePrincipalId, jobId } = DEMO_TENANT.jobs.tooManyDeletes;
    emulator.faults.add({ type: "drop", when: "after-apply", operation: "restartSynchronizationJob", times: 1 });
    await expect(graph.restartJob(servicePrincipalId, jobId, { resetScope: ["ForceDeletes"] })).rejects.toBeInstanceOf(
      NetworkError,
    );
    emulator.faults.add({ type: "drop", when: "after-apply", operation: "provisionOnDemand", times: 1 });
    const before = emulator.requests.count;
    await expect(
      graph.provisionOnDemand(sp, paused, {
        parameters: [
          {
            ruleId: "ea807875-5618-4f0a-9125-0b46a05298ca",
            subjects: [{ objectId: "9bb0f679-a883-4a6f-8260-35b491b8b8c8", objectTypeName: "User" }],
          },
        ],
      }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(emulator.requests.count - before).toBe(1);
    expect(retries).toHaveLength(0);
  });
});

describe("broken answers", () => {
  it("invalid JSON on a read is a GraphError saying so", async () => {
    emulator.faults.add({ type: "invalid-json", operation: "getSynchronizationJob" });
    const error = await graph.getJob(sp, paused).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect((error as GraphError).code).toBe("InvalidJson");
    expect((error as GraphError).message).toMatch(/JSON/);
  });

  it("a truncated body is a typed error, never a crash", async () => {
    emulator.faults.add({ type: "truncate", operation: "listSynchronizationJobs" });
    const error = await (async () => {
      for await (const _ of graph.listJobs(sp)) {
        /* first page fails */
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toMatch(/^(GraphError|NetworkError)$/);
  });

  it("added latency still ends in success", async () => {
    emulator.faults.add({ type: "latency", ms: 30, operation: "getSynchronizationJob", times: 2 });
    await expect(graph.getJob(sp, paused)).resolves.toMatchObject({ id: paused });
  });

  it("a fault mix on many starts: each ends in success or a typed error, and no start is applied twice", async () => {
    emulator.faults.add({
      type: "throttle",
      retryAfter: 0.002,
      operation: "startSynchronizationJob",
      probability: 0.2,
    });
    emulator.faults.add({
      type: "unavailable",
      retryAfter: 0.002,
      operation: "startSynchronizationJob",
      probability: 0.1,
    });
    emulator.faults.add({ type: "error", status: 500, operation: "startSynchronizationJob", probability: 0.05 });
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, () =>
        graph.startJob(sp, paused).then(
          () => "ok",
          (e: Error) => e.name,
        ),
      ),
    );
    for (const o of outcomes) expect(["ok", "GraphError"]).toContain(o);
    const ok = outcomes.filter((o) => o === "ok").length;
    // Every success was applied once; every failure (a 500, or a throttle past the cap) was applied never.
    expect(emulator.state.startCount(sp, paused)).toBe(ok);
  });
});
