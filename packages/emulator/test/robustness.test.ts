import { connect, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import type { Emulator } from "../src/index.js";
import { call, JOBS, jobPath, specErrors, start } from "./helpers.js";

function open(emulator: Emulator): Promise<Socket> {
  const { hostname, port } = new URL(emulator.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => resolve(socket));
    socket.on("error", reject);
  });
}

/** Everything the server sends on a socket until it closes it. */
function received(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      text += chunk;
    });
    socket.on("close", () => resolve(text));
    socket.on("error", () => {});
  });
}

/** The JSON body of a raw HTTP/1.1 answer. */
function bodyOf(raw: string): unknown {
  return JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4));
}

/** Waits for a condition that events will make true, checking once per event-loop turn (bounded: no timers). */
async function until(condition: () => boolean, turns = 100_000): Promise<void> {
  for (let i = 0; i < turns && !condition(); i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

function counts(): Map<string, number> {
  const map = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) map.set(name, (map.get(name) ?? 0) + 1);
  return map;
}

describe("robustness", () => {
  it("holds 1,000 concurrent connections and answers a request on each", async () => {
    const emulator = await start();
    const sockets = await Promise.all(Array.from({ length: 1000 }, () => open(emulator)));
    // The server accepts them as their connection events arrive (bounded wait).
    await until(() => emulator.connections === 1000);
    expect(emulator.connections).toBe(1000);
    const answers = sockets.map((socket) => received(socket));
    const path = `/v1.0${jobPath(JOBS.active)}`;
    for (const socket of sockets) {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer t\r\nConnection: close\r\n\r\n`);
    }
    const texts = await Promise.all(answers);
    expect(texts.filter((text) => text.startsWith("HTTP/1.1 200 ")).length).toBe(1000);
    expect(specErrors("synchronizationJob", bodyOf(texts[0] ?? ""))).toEqual([]);
    expect((await call(emulator, "GET", jobPath(JOBS.active))).status).toBe(200);
  });

  it("1,000 slow clients (slowloris) do not starve a normal client, and are cut off with 408", async () => {
    const emulator = await start({ limits: { headersTimeoutMs: 600, requestTimeoutMs: 1200 } });
    const slowHeaders = await Promise.all(Array.from({ length: 700 }, () => open(emulator)));
    const slowBodies = await Promise.all(Array.from({ length: 300 }, () => open(emulator)));
    const cutOff = [...slowHeaders, ...slowBodies].map((socket) => received(socket));
    for (const socket of slowHeaders) socket.write("GET /v1.0/servicePrincipals HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    for (const socket of slowBodies) {
      socket.write(
        `POST /v1.0${jobPath(JOBS.paused, "start")}\r\n`.replace("\r\n", " HTTP/1.1\r\n") +
          "Host: x\r\nAuthorization: Bearer t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
      );
    }
    await until(() => emulator.connections === 1000);
    // A normal client is answered while the slow ones hold their connections.
    const normal = await call(emulator, "GET", jobPath(JOBS.active));
    expect(normal.status).toBe(200);
    const texts = await Promise.all(cutOff);
    for (const text of texts) {
      expect(text).toMatch(/^HTTP\/1\.1 408 /);
      expect(specErrors("odataError", bodyOf(text))).toEqual([]);
    }
    expect(emulator.state.startCount(JOBS.paused.servicePrincipalId, JOBS.paused.jobId)).toBe(0);
    expect((await call(emulator, "GET", jobPath(JOBS.active))).status).toBe(200);
  });

  it("answers unparsable requests and oversized headers with Graph errors", async () => {
    const emulator = await start();
    const cases: Array<[string | Buffer, RegExp]> = [
      ["NOT HTTP AT ALL\r\n\r\n", /^HTTP\/1\.1 400 /],
      [Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10]), /^HTTP\/1\.1 400 /],
      [`GET /v1.0 HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, /^HTTP\/1\.1 431 /],
      ["GET /v1.0 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello", /^HTTP\/1\.1 400 /],
      ["POST /v1.0 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", /^HTTP\/1\.1 400 /],
    ];
    for (const [payload, status] of cases) {
      const socket = await open(emulator);
      const text = received(socket);
      socket.write(payload);
      const answer = await text;
      expect(answer).toMatch(status);
      expect(specErrors("odataError", bodyOf(answer))).toEqual([]);
    }
    expect((await call(emulator, "GET", jobPath(JOBS.active))).status).toBe(200);
  });

  it("stays bounded over many requests: the request log is capped and no connection is left open", async () => {
    const emulator = await start({ limits: { requestLog: 50 } });
    const paths = [jobPath(JOBS.active), jobPath(JOBS.paused, "start"), "/nope", jobPath(JOBS.active, "pause")];
    let next = 0;
    const worker = async () => {
      while (next < 2000) {
        const i = next++;
        const path = paths[i % paths.length] ?? "/";
        await call(emulator, path.endsWith("start") || path.endsWith("pause") ? "POST" : "GET", path, {
          headers: { connection: "close" },
        });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(emulator.requests.count).toBe(2000);
    expect(emulator.requests.list()).toHaveLength(50);
    await until(() => emulator.connections === 0);
    expect(emulator.connections).toBe(0);
  });

  it("close() leaves no server, socket or timer behind, even with open connections and pending latency", async () => {
    const before = counts();
    const emulator = await start({ faults: [{ type: "latency", ms: 60_000 }] });
    const idle = await open(emulator);
    const idleClosed = received(idle);
    const pending = call(emulator, "GET", jobPath(JOBS.active)).catch((error: unknown) => error);
    // The latency rule has fired once the request is logged as matched.
    await until(() => (emulator.faults.list()[0]?.fired ?? 0) > 0);
    await emulator.close();
    await idleClosed;
    expect(await pending).toBeInstanceOf(Error);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const after = counts();
    for (const name of ["TCPServerWrap", "TCPSocketWrap", "Timeout"]) {
      expect(after.get(name) ?? 0, name).toBeLessThanOrEqual(before.get(name) ?? 0);
    }
  });
});
