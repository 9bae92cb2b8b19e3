/** CORS on the Graph routes (issue 19): preflights before authentication, allow-origin on every Graph answer. */
import { describe, expect, it } from "vitest";
import { EmulatorOptionsError, type ReadyInfo, runEmulatorCli } from "../src/index.js";
import { expectGraphError, JOBS, jobPath, SP, start } from "./helpers.js";

const PAGE = "http://127.0.0.1:5173";

function preflight(url: string, method: string, headers: string, origin = PAGE) {
  return fetch(url, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": method, "access-control-request-headers": headers },
  });
}

describe("CORS on the Graph routes", () => {
  it("answers a preflight before authentication, and changes and records nothing", async () => {
    const emulator = await start();
    const url = `${emulator.graphUrl()}${jobPath(JOBS.paused, "start")}`;
    const reply = await preflight(url, "POST", "authorization,client-request-id,content-type,user-agent");
    expect(reply.status).toBe(204);
    expect(reply.headers.get("access-control-allow-origin")).toBe("*");
    expect(reply.headers.get("access-control-allow-methods")).toContain("POST");
    const allowed = (reply.headers.get("access-control-allow-headers") ?? "").split(", ");
    expect(allowed).toEqual(
      expect.arrayContaining(["authorization", "client-request-id", "content-type", "user-agent"]),
    );
    expect(Number(reply.headers.get("access-control-max-age"))).toBeGreaterThan(0);
    expect(emulator.state.startCount(SP, JOBS.paused.jobId)).toBe(0);
    expect(emulator.requests.count).toBe(0);
  });

  it("adds the allow-origin and exposed headers to every Graph answer: success, 401, 404, 429 and 500", async () => {
    const emulator = await start();
    const headers = { origin: PAGE, authorization: `Bearer ${emulator.token}` };
    const ok = await fetch(`${emulator.graphUrl()}${jobPath(JOBS.active)}`, { headers });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("*");
    const exposed = (ok.headers.get("access-control-expose-headers") ?? "").split(", ");
    expect(exposed).toEqual(expect.arrayContaining(["request-id", "client-request-id", "Retry-After", "Location"]));
    const unauthorized = await fetch(`${emulator.graphUrl()}${jobPath(JOBS.active)}`, { headers: { origin: PAGE } });
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("access-control-allow-origin")).toBe("*");
    const missing = await fetch(`${emulator.url}/v2.0/nothing`, { headers });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("access-control-allow-origin")).toBe("*");
    emulator.faults.add({ type: "throttle", retryAfter: 2, times: 1 });
    emulator.faults.add({ type: "exception", times: 1 });
    const throttled = await fetch(`${emulator.graphUrl()}${jobPath(JOBS.paused, "start")}`, {
      method: "POST",
      headers,
    });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("access-control-allow-origin")).toBe("*");
    expect(throttled.headers.get("retry-after")).toBe("2");
    const failed = await fetch(`${emulator.graphUrl()}${jobPath(JOBS.paused, "start")}`, { method: "POST", headers });
    expect(failed.status).toBe(500);
    expect(failed.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("refuses a preflight for a method or a header Graph would not allow, naming it", async () => {
    const emulator = await start();
    const url = `${emulator.graphUrl()}${jobPath(JOBS.paused)}`;
    const method = await preflight(url, "PROPFIND", "authorization");
    expect(method.status).toBe(403);
    expect(method.headers.get("access-control-allow-origin")).toBeNull();
    const methodBody = await method.json();
    expect(methodBody.error.message).toContain("'PROPFIND' is not allowed");
    const header = await preflight(url, "GET", "authorization, x-tenant-secret");
    expect(header.status).toBe(403);
    expect(header.headers.get("access-control-allow-origin")).toBeNull();
    expect((await header.json()).error.message).toContain("'x-tenant-secret' is not allowed");
  });

  it("allows only the configured origins", async () => {
    const emulator = await start({ corsOrigins: [PAGE] });
    const url = `${emulator.graphUrl()}${jobPath(JOBS.active)}`;
    const allowed = await preflight(url, "GET", "authorization");
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(PAGE);
    expect(allowed.headers.get("vary")).toContain("Origin");
    const other = await preflight(url, "GET", "authorization", "http://127.0.0.1:9999");
    expect(other.status).toBe(403);
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const auth = { authorization: `Bearer ${emulator.token}` };
    const foreign = await fetch(url, { headers: { ...auth, origin: "http://127.0.0.1:9999" } });
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    const own = await fetch(url, { headers: { ...auth, origin: PAGE } });
    expect(own.headers.get("access-control-allow-origin")).toBe(PAGE);
    await expect(start({ corsOrigins: ["http://127.0.0.1:5173/"] })).rejects.toThrow(EmulatorOptionsError);
    await expect(start({ corsOrigins: [PAGE, "not an origin"] })).rejects.toThrow(/corsOrigins\[1\]/);
  });

  it("never answers cross-origin on the control endpoint, preflight or not", async () => {
    const emulator = await start();
    const reply = await preflight(`${emulator.url}/_emulator/reset`, "POST", "content-type");
    expect(reply.status).toBe(403);
    expect(reply.headers.get("access-control-allow-origin")).toBeNull();
    expectGraphError({ status: reply.status, headers: reply.headers, json: await reply.json() }, "Forbidden");
  });

  it("takes --cors-origins on the command line", async () => {
    const controller = new AbortController();
    let text = "";
    const io = { write: (chunk: string) => (text += chunk) };
    let onReady: (info: ReadyInfo) => void = () => {};
    const ready = new Promise<ReadyInfo>((resolve) => {
      onReady = resolve;
    });
    const run = runEmulatorCli(
      ["--port", "0", "--json", "--quiet", "--cors-origins", `${PAGE}, http://localhost:5173`],
      {
        stdout: io,
        stderr: io,
        signal: controller.signal,
        handleSignals: false,
        onReady,
      },
    );
    const info = await Promise.race([ready, run.then((code) => Promise.reject(new Error(`exited ${code}: ${text}`)))]);
    try {
      const reply = await preflight(
        `${info.graphUrl}${jobPath(JOBS.active)}`,
        "GET",
        "authorization",
        "http://localhost:5173",
      );
      expect(reply.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    } finally {
      controller.abort();
    }
    expect(await run).toBe(0);
    const bad = await runEmulatorCli(["--cors-origins", "http://a/b"], {
      stdout: io,
      stderr: io,
      handleSignals: false,
    });
    expect(bad).toBe(2);
    expect(text).toContain("invalid --cors-origins[0]");
  });
});
