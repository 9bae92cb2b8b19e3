/** The minimal CORS layer on the Graph routes (issue 19): preflights before auth, allow-origin on every answer. */
import { describe, expect, it } from "vitest";
import { call, JOBS, jobPath, start } from "./helpers.js";

const ORIGIN = "http://127.0.0.1:5173";

describe("CORS on the Graph routes", () => {
  it("answers a preflight without a token, allowing the method and the headers asked for", async () => {
    const emulator = await start();
    const reply = await call(emulator, "OPTIONS", jobPath(JOBS.paused, "start"), {
      token: null,
      headers: {
        origin: ORIGIN,
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization,client-request-id",
      },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(reply.headers.get("access-control-allow-methods")).toContain("POST");
    expect(reply.headers.get("access-control-allow-headers")).toBe("authorization,client-request-id");
    expect(emulator.state.startCount(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)).toBe(0);
    // What the browser sends next: the request itself, with the token.
    const started = await call(emulator, "POST", jobPath(JOBS.paused, "start"), { headers: { origin: ORIGIN } });
    expect(started.status).toBe(204);
    expect(emulator.state.startCount(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)).toBe(1);
  });

  it("puts the allow-origin and expose headers on successes, errors and 429s", async () => {
    const emulator = await start();
    const headers = { origin: ORIGIN };
    const ok = await call(emulator, "POST", jobPath(JOBS.paused, "start"), { headers });
    const unauthenticated = await call(emulator, "GET", jobPath(JOBS.paused), { headers, token: null });
    emulator.faults.add({ type: "throttle", retryAfter: 2, operation: "getSynchronizationJob", times: 1 });
    const throttled = await call(emulator, "GET", jobPath(JOBS.paused), { headers });
    expect([ok.status, unauthenticated.status, throttled.status]).toEqual([204, 401, 429]);
    for (const reply of [ok, unauthenticated, throttled]) {
      expect(reply.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      const exposed = (reply.headers.get("access-control-expose-headers") ?? "").toLowerCase();
      for (const name of ["request-id", "client-request-id", "retry-after", "location"])
        expect(exposed).toContain(name);
    }
  });

  it("adds nothing to a request without an Origin, and leaves OPTIONS without a preflight to Graph's rules", async () => {
    const emulator = await start();
    const plain = await call(emulator, "GET", jobPath(JOBS.paused));
    expect(plain.status).toBe(200);
    expect(plain.headers.get("access-control-allow-origin")).toBeNull();
    const options = await call(emulator, "OPTIONS", jobPath(JOBS.paused), { token: null });
    expect(options.status).toBe(401);
  });
});
