/**
 * The client in a real browser (issue 19): headless Chromium opens examples/browser on one 127.0.0.1 origin, and the
 * page lists and starts jobs on the emulator at another, through CORS. Every check of what arrived is made from
 * outside the browser, on the emulator's control endpoint.
 */
import { existsSync } from "node:fs";
import { DEMO_TENANT } from "@graphsync/emulator";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Example, startExample } from "./example.js";

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it when missing). */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const { paused } = DEMO_TENANT.jobs;
const START = "startSynchronizationJob";

interface RequestRecord {
  method: string;
  operation: string | undefined;
  status: number;
  requestId: string;
  clientRequestId: string | undefined;
}

let example: Example;
let browser: Browser;
let page: Page;
/** Script the page fetched: path → bytes. */
const assets = new Map<string, number>();
const pageErrors: string[] = [];

async function starts(): Promise<RequestRecord[]> {
  const log = await example.control<{ value: RequestRecord[] }>("GET", "requests");
  return log.value.filter((record) => record.operation === START);
}

async function startCount(): Promise<number> {
  const counters = await example.control<{ jobs: Array<{ jobId: string; starts: number }> }>("GET", "counters");
  return counters.jobs.find((job) => job.jobId === paused.jobId)?.starts ?? -1;
}

const result = () => page.locator("#result");
const startButton = () => page.locator(`button[data-job-id="${paused.jobId}"]`);

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  example = await startExample();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  page = await browser.newPage({ viewport: { width: 1000, height: 560 } });
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.startsWith("/assets/")) assets.set(url.pathname, Number(response.headers()["content-length"]));
  });
  page.on("pageerror", (error) => pageErrors.push(String(error)));
});

afterAll(async () => {
  await browser?.close();
  await example?.stop();
});

beforeEach(async () => {
  await example.control("POST", "reset");
  await page.goto(example.url);
  await page.locator("body[data-ready=true]").waitFor();
  await page.locator("#list").click();
  await result()
    .filter({ hasText: /^3 jobs of / })
    .waitFor();
});

describe("examples/browser in headless Chromium against the emulator on another origin", () => {
  it("lists the demo tenant's jobs and starts the paused one; the start arrives once, with the request-id shown", async () => {
    expect(new URL(example.url).origin).not.toBe(new URL(example.graphUrl).origin);
    await expect(page.locator("#jobs tr").count()).resolves.toBe(3);
    await expect(startButton().isEnabled()).resolves.toBe(true);
    await expect(page.locator("#jobs button:enabled").count()).resolves.toBe(1);

    await startButton().click();
    await result()
      .filter({ hasText: /^Started / })
      .waitFor();
    await expect(startCount()).resolves.toBe(1);
    const [arrived] = await starts();
    expect(arrived?.status).toBe(204);
    // 204 has no body: the page can only know the request-id from the exposed response header.
    await expect(result().getAttribute("data-request-id")).resolves.toBe(arrived?.requestId);
    await expect(result().textContent()).resolves.toContain(`request-id ${arrived?.requestId}`);
    await page
      .locator(`#log li`)
      .filter({ hasText: `client-request-id ${arrived?.clientRequestId}` })
      .waitFor();
    // The table was read again after the start: the job runs now, so it cannot be started from the page.
    await startButton().and(page.locator(":disabled")).waitFor();

    // The emulator path never loads MSAL.js (its chunks are over 300 kB): the page fetched its own bundle only.
    expect(assets.has("/assets/main.js")).toBe(true);
    expect([...assets.keys()].filter((path) => /\/(msal|redirect)[-.]/.test(path))).toEqual([]);
    expect([...assets.values()].reduce((sum, bytes) => sum + bytes, 0)).toBeLessThan(30_000);
    expect(pageErrors).toEqual([]);
    if (process.env.GRAPHSYNC_SCREENSHOT) await page.screenshot({ path: process.env.GRAPHSYNC_SCREENSHOT });
  });

  it("waits the Retry-After of a 429 it can read through CORS, then starts the job once", async () => {
    await example.control("POST", "faults", { type: "throttle", operation: START, retryAfter: 0.25, times: 1 });
    await startButton().click();
    await result()
      .filter({ hasText: /^Started / })
      .waitFor();

    const retry = page.locator("#log li.retry");
    await expect(retry.count()).resolves.toBe(1);
    await expect(retry.textContent()).resolves.toBe(
      "attempt 1: 429 TooManyRequests, Retry-After 250 ms; retrying in 250 ms",
    );
    const arrived = await starts();
    expect(arrived.map((record) => record.status)).toEqual([429, 204]);
    // Both attempts of the one call carry the same client-request-id; the page shows the answer's request-id.
    expect(arrived[0]?.clientRequestId).toBe(arrived[1]?.clientRequestId);
    await expect(result().getAttribute("data-request-id")).resolves.toBe(arrived[1]?.requestId);
    await expect(startCount()).resolves.toBe(1);
  });

  it("a Cancel during the Retry-After wait aborts the call: nothing more reaches the emulator", async () => {
    await example.control("POST", "faults", { type: "throttle", operation: START, retryAfter: 60, times: 1 });
    await startButton().click();
    await page.locator("#log li.retry[data-delay-ms='60000']").waitFor();
    await page.locator("#cancel").click();
    await result()
      .filter({ hasText: /^Cancelled \(AbortError\)/ })
      .waitFor();

    await expect(starts().then((records) => records.map((record) => record.status))).resolves.toEqual([429]);
    await expect(startCount()).resolves.toBe(0);
    await expect(page.locator("#cancel").isDisabled()).resolves.toBe(true);
  });

  it("a Cancel while the request is in flight aborts the fetch", async () => {
    const rule = await example.control<{ id: string }>("POST", "faults", {
      type: "latency",
      operation: START,
      ms: 60_000,
    });
    await startButton().click();
    // The emulator holds the request: the latency rule fired once it arrived.
    const fired = async () => {
      const { value } = await example.control<{ value: Array<{ id: string; fired: number }> }>("GET", "faults");
      return value.find((r) => r.id === rule.id)?.fired;
    };
    await expect.poll(fired, { timeout: 10_000, interval: 20 }).toBe(1);
    await page.locator("#cancel").click();
    await result()
      .filter({ hasText: /^Cancelled \(AbortError\)/ })
      .waitFor();
    await expect(page.locator("#log li.retry").count()).resolves.toBe(0);
  });
});
