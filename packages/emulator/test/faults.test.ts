import { describe, expect, it } from "vitest";
import { type Emulator, EmulatorOptionsError } from "../src/index.js";
import { call, control, expectGraphError, JOBS, jobPath, start } from "./helpers.js";

const startPath = jobPath(JOBS.paused, "start");
const starts = (emulator: Emulator) => emulator.state.startCount(JOBS.paused.servicePrincipalId, JOBS.paused.jobId);

describe("faults", () => {
  it("429 with a fractional Retry-After, not applied; the retry is applied exactly once", async () => {
    const emulator = await start();
    const rule = emulator.faults.add({
      type: "throttle",
      retryAfter: 2.128,
      operation: "startSynchronizationJob",
      times: 2,
    });
    expect(rule.id).toMatch(/^fault-/);
    for (let i = 0; i < 2; i++) {
      const reply = await call(emulator, "POST", startPath);
      expect(reply.status).toBe(429);
      expect(reply.headers.get("retry-after")).toBe("2.128");
      expectGraphError(reply, "TooManyRequests");
      expect(starts(emulator)).toBe(0);
    }
    expect((await call(emulator, "POST", startPath)).status).toBe(204);
    expect(starts(emulator)).toBe(1);
    expect(emulator.faults.list()).toEqual([]);
    const log = emulator.requests.list().filter((r) => r.operation === "startSynchronizationJob");
    expect(log.map((r) => r.status)).toEqual([429, 429, 204]);
    expect(log[0]?.faults).toEqual([rule.id]);
  });

  it("503 serviceNotAvailable (with or without Retry-After) and any error status, none applied", async () => {
    const emulator = await start();
    emulator.faults.add({ type: "unavailable", times: 1 });
    emulator.faults.add({ type: "unavailable", retryAfter: null, times: 1 });
    emulator.faults.add({ type: "error", status: 409, times: 1 });
    emulator.faults.add({ type: "error", status: 500, code: "UnknownError", message: "Something broke.", times: 1 });
    const a = await call(emulator, "POST", startPath);
    expect(a.status).toBe(503);
    expect(a.headers.get("retry-after")).toBe("1.25");
    expectGraphError(a, "serviceNotAvailable");
    const b = await call(emulator, "POST", startPath);
    expect(b.status).toBe(503);
    expect(b.headers.get("retry-after")).toBeNull();
    const c = await call(emulator, "POST", startPath);
    expect(c.status).toBe(409);
    expectGraphError(c, "Conflict");
    const d = await call(emulator, "POST", startPath);
    expect(d.status).toBe(500);
    expect(d.json.error).toMatchObject({ code: "UnknownError", message: "Something broke." });
    expect(starts(emulator)).toBe(0);
  });

  it("matches by job and method; skip lets the first requests through", async () => {
    const emulator = await start();
    emulator.faults.add({ type: "error", status: 403, jobId: JOBS.active.jobId, method: "post", skip: 1, times: 1 });
    expect((await call(emulator, "POST", jobPath(JOBS.active, "start"))).status).toBe(204);
    expect((await call(emulator, "GET", jobPath(JOBS.active))).status).toBe(200);
    expect((await call(emulator, "POST", jobPath(JOBS.paused, "start"))).status).toBe(204);
    const denied = await call(emulator, "POST", jobPath(JOBS.active, "pause"));
    expect(denied.status).toBe(403);
    expectGraphError(denied, "Authorization_RequestDenied");
    expect((await call(emulator, "POST", jobPath(JOBS.active, "pause"))).status).toBe(204);
  });

  it("probabilistic faults are reproducible with the same seed", async () => {
    const pattern = async (seed: string) => {
      const emulator = await start({ seed, faults: [{ type: "throttle", probability: 0.5 }] });
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await call(emulator, "GET", jobPath(JOBS.active))).status);
      return statuses;
    };
    const a = await pattern("one");
    expect(await pattern("one")).toEqual(a);
    expect(a).toContain(429);
    expect(a).toContain(200);
    expect(await pattern("two")).not.toEqual(a);
  });

  it("latency delays the faulted request, not the others", async () => {
    const emulator = await start({ faults: [{ type: "latency", ms: 800, operation: "getSynchronizationJob" }] });
    const order: string[] = [];
    const slow = call(emulator, "GET", jobPath(JOBS.active)).then((r) => order.push(`get ${r.status}`));
    // The list is sent after the get, and answered before it.
    const fast = call(
      emulator,
      "GET",
      `/servicePrincipals/${JOBS.active.servicePrincipalId}/synchronization/jobs`,
    ).then((r) => order.push(`list ${r.status}`));
    await Promise.all([slow, fast]);
    expect(order).toEqual(["list 200", "get 200"]);
  });

  it("drops the connection before or after reading the body (not applied), or after applying", async () => {
    const emulator = await start();
    emulator.faults.add({ type: "drop", when: "before-body", times: 1 });
    await expect(call(emulator, "POST", startPath)).rejects.toThrow();
    emulator.faults.add({ type: "drop", when: "after-body", times: 1 });
    await expect(call(emulator, "POST", startPath, { body: {} })).rejects.toThrow();
    expect(starts(emulator)).toBe(0);
    emulator.faults.add({ type: "drop", times: 1 });
    await expect(call(emulator, "POST", startPath)).rejects.toThrow();
    expect(starts(emulator)).toBe(1);
    expect((await call(emulator, "GET", jobPath(JOBS.paused))).json.status.code).toBe("Active");
    expect(emulator.requests.list().map((r) => r.status)).toEqual([0, 0, 0, 200]);
  });

  it("truncated and invalid JSON answers: the request was applied, the body is unusable", async () => {
    const emulator = await start();
    emulator.faults.add({ type: "truncate", times: 1, operation: "getSynchronizationJob" });
    await expect(call(emulator, "GET", jobPath(JOBS.paused))).rejects.toThrow();
    emulator.faults.add({ type: "invalid-json", times: 1 });
    const reply = await call(emulator, "GET", jobPath(JOBS.paused));
    expect(reply.status).toBe(200);
    expect(() => JSON.parse(reply.text)).toThrow();
    emulator.faults.add({ type: "invalid-json", times: 1 });
    const started = await call(emulator, "POST", startPath);
    expect(started.status).toBe(200);
    expect(() => JSON.parse(started.text)).toThrow();
    expect(starts(emulator)).toBe(1);
    emulator.faults.add({ type: "truncate", bytes: 3, times: 1 });
    await expect(call(emulator, "POST", jobPath(JOBS.active, "start"))).rejects.toThrow();
    expect(emulator.state.startCount(JOBS.active.servicePrincipalId, JOBS.active.jobId)).toBe(1);
  });

  it("an exception inside the emulator becomes a Graph 500, and the emulator keeps serving", async () => {
    const logs: string[] = [];
    const emulator = await start({ log: (entry) => logs.push(entry.message) });
    emulator.faults.add({ type: "exception", times: 1 });
    const reply = await call(emulator, "POST", startPath);
    expect(reply.status).toBe(500);
    expectGraphError(reply, "generalException");
    expect(reply.json.error.message).toContain(reply.headers.get("request-id"));
    expect(logs.some((line) => line.includes("injected exception"))).toBe(true);
    expect(starts(emulator)).toBe(0);
    expect((await call(emulator, "POST", startPath)).status).toBe(204);
  });

  it("rules are checked: a bad one names the field and the allowed values", async () => {
    const emulator = await start();
    const bad: Array<[unknown, string]> = [
      [{ type: "explode" }, "fault.type"],
      [{ type: "throttle", retryAfter: -1 }, "fault.retryAfter"],
      [{ type: "error", status: 302 }, "fault.status"],
      [{ type: "latency" }, "fault.ms"],
      [{ type: "drop", when: "later" }, "fault.when"],
      [{ type: "throttle", operation: "deleteJob" }, "fault.operation"],
      [{ type: "throttle", probability: 2 }, "fault.probability"],
      [{ type: "throttle", times: 0 }, "fault.times"],
      [{ type: "throttle", ms: 5 }, "fault.ms"],
      [{ type: "throttle", colour: "red" }, "fault.colour"],
    ];
    for (const [rule, option] of bad) {
      let error: unknown;
      try {
        emulator.faults.add(rule as never);
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(rule)).toBeInstanceOf(EmulatorOptionsError);
      expect((error as EmulatorOptionsError).option).toBe(option);
    }
    expect(emulator.faults.list()).toEqual([]);
    await expect(start({ faults: [{ type: "throttle", retryAfter: "soon" as never }] })).rejects.toThrow(
      /faults\[0\]\.retryAfter/,
    );
  });

  it("are driven through the control endpoint too", async () => {
    const emulator = await start();
    const added = await control(emulator, "POST", "faults", {
      type: "throttle",
      retryAfter: 0.5,
      id: "slow-down",
      times: 3,
    });
    expect(added.status).toBe(201);
    expect(added.json).toMatchObject({ id: "slow-down", type: "throttle", matched: 0, fired: 0 });
    expect((await call(emulator, "GET", jobPath(JOBS.active))).status).toBe(429);
    expect((await control(emulator, "GET", "faults")).json.value[0]).toMatchObject({ id: "slow-down", fired: 1 });
    const refused = await control(emulator, "POST", "faults", [{ type: "latency", ms: 1 }, { type: "nope" }]);
    expect(refused.status).toBe(400);
    expect(refused.json.error.target).toBe("fault.type");
    expect(emulator.faults.list()).toHaveLength(1);
    expect((await control(emulator, "DELETE", "faults/slow-down")).status).toBe(204);
    expect((await control(emulator, "DELETE", "faults/slow-down")).status).toBe(404);
    expect((await call(emulator, "GET", jobPath(JOBS.active))).status).toBe(200);
    await control(emulator, "POST", "faults", { type: "unavailable" });
    expect((await control(emulator, "DELETE", "faults")).status).toBe(204);
    expect(emulator.faults.list()).toEqual([]);
  });
});
