// Many starts at concurrency 64 against a loopback server: every one succeeds, throttled ones are retried and applied
// once, and no timer is left behind. `pnpm test:soak` runs 10,000 (and watches memory); the normal suite a smoke
// run of 1,000.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createGraphSyncClient } from "../src/index.js";
import { reply, SP, startServer, type TestServer, TOKEN } from "./helpers.js";

const CALLS = Number(process.env.GRAPHSYNC_LOAD_CALLS ?? 1000);
const SOAK = CALLS >= 10_000;
const CONCURRENCY = 64;

let server: TestServer;
const applied = new Map<string, number>();
beforeAll(async () => {
  // Every 20th request is throttled first (Retry-After: 0); a job counts as applied only when answered 204.
  server = await startServer((_, res, received, i) => {
    if (i % 20 === 7)
      return reply(res, 429, { error: { code: "TooManyRequests", message: "slow down" } }, { "retry-after": "0" });
    const job = received.url.split("/")[6] as string;
    applied.set(job, (applied.get(job) ?? 0) + 1);
    reply(res, 204);
  });
});
afterAll(() => server.close());

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe(`${CALLS} starts at concurrency ${CONCURRENCY}`, () => {
  it("all succeed, each applied exactly once, and no timer is left behind", async () => {
    let retried = 0;
    const client = createGraphSyncClient({
      accessToken: TOKEN,
      baseUrl: server.base,
      timeoutMs: 10_000,
      retry: { onRetry: () => retried++ },
    });
    await client.startJob(SP, "warm-up");
    const timersBefore = timers();
    const gc = SOAK ? collector() : undefined;
    const heap: number[] = [];

    let next = 0;
    const worker = async () => {
      while (next < CALLS) {
        const n = next++;
        const result = await client.startJob(SP, `job.${n}`);
        expect(result.status).toBe(204);
        if (gc && n % 1000 === 0) {
          gc();
          heap.push(process.memoryUsage().heapUsed);
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    expect(applied.size).toBe(CALLS + 1);
    expect([...applied.values()].every((count) => count === 1)).toBe(true);
    // Every 429 was retried, and nothing else was.
    expect(retried).toBe(server.requests.length - applied.size);
    expect(retried).toBeGreaterThan(CALLS / 25);
    expect(timers()).toBeLessThanOrEqual(timersBefore);
    if (gc) {
      // After the first thousand calls the heap stays flat: no per-call leak (a generous 32 MB of slack).
      expect(Math.max(...heap.slice(1)) - (heap[1] as number)).toBeLessThan(32 * 1024 * 1024);
    }
  }, 120_000);
});

/** A garbage collector to call, for the soak run's memory readings. */
function collector(): () => void {
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}
