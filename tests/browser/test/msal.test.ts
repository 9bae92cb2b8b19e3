/**
 * The page's Microsoft Graph path: given an app (client) id it loads MSAL.js (only then), signs in with a popup
 * (authorization code with PKCE, through the app's redirect bridge) and calls Graph with the token. Entra ID and
 * graph.microsoft.com are stood in for inside the browser context (entra-stub.ts); the emulator, which accepts only
 * the stub's token, serves Graph's paths. No request leaves the machine.
 */
import { existsSync } from "node:fs";
import { DEMO_TENANT, type Emulator, startEmulator } from "@graphsync/emulator";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { stubEntraAndGraph } from "./entra-stub.js";
import { type Example, startExample } from "./example.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CLIENT_ID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";
const TENANT = DEMO_TENANT.tenantId;
const ACCESS_TOKEN = "stub-entra-access-token-for-graph";
const { paused } = DEMO_TENANT.jobs;

let example: Example;
let emulator: Emulator;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  emulator = await startEmulator({ tokens: [ACCESS_TOKEN] });
  example = await startExample(["--client-id", CLIENT_ID, "--tenant", TENANT]);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await example?.stop();
  await emulator?.close();
});

it("with a client id, signs in with MSAL.js (code + PKCE, popup) and lists and starts jobs on Graph with its token", async () => {
  expect(example.emulatorUrl).toBeNull();
  expect(example.graphUrl).toBe("https://graph.microsoft.com/v1.0");
  const context = await browser.newContext();
  const stub = await stubEntraAndGraph(context, {
    clientId: CLIENT_ID,
    tenantId: TENANT,
    accessToken: ACCESS_TOKEN,
    emulatorUrl: emulator.url,
  });
  const page = await context.newPage();
  const assets: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/assets/")) assets.push(url.pathname);
  });
  await page.goto(example.url);
  await page.locator("body[data-ready=true]").waitFor();
  await expect(page.locator("#client-id").inputValue()).resolves.toBe(CLIENT_ID);
  expect(assets.some((path) => path.startsWith("/assets/msal-"))).toBe(false);

  await page.locator("#list").click();
  await page
    .locator("#result")
    .filter({ hasText: /^3 jobs of / })
    .waitFor();
  expect(assets.some((path) => path.startsWith("/assets/msal-"))).toBe(true);

  const [authorize, token] = stub.idp;
  expect(stub.idp.map((r) => `${r.method} ${r.url.pathname}`)).toEqual([
    `GET /${TENANT}/oauth2/v2.0/authorize`,
    `POST /${TENANT}/oauth2/v2.0/token`,
  ]);
  const query = authorize?.url.searchParams;
  expect(query?.get("client_id")).toBe(CLIENT_ID);
  expect(query?.get("redirect_uri")).toBe(new URL("/redirect.html", example.url).href);
  expect(query?.get("response_type")).toBe("code");
  expect(query?.get("code_challenge_method")).toBe("S256");
  expect(query?.get("scope")?.split(" ")).toContain("https://graph.microsoft.com/Synchronization.ReadWrite.All");
  expect(token?.form?.get("grant_type")).toBe("authorization_code");
  expect(token?.form?.get("code")).toBe("stub-code");
  expect(token?.form?.get("code_verifier")?.length).toBeGreaterThanOrEqual(43);

  // The start uses MSAL's cached token (acquireTokenSilent): no second sign-in, no second token request.
  const start = page.locator(`button[data-job-id="${paused.jobId}"]`);
  await start.click();
  await page
    .locator("#result")
    .filter({ hasText: /^Started / })
    .waitFor();
  // The page reads the jobs again after a start: once the table shows the job running, no request is in flight.
  await start.and(page.locator(":disabled")).waitFor();
  expect(stub.idp).toHaveLength(2);
  expect(emulator.state.startCount(paused.servicePrincipalId, paused.jobId)).toBe(1);
  expect(new Set(stub.graphAuthorization)).toEqual(new Set([`Bearer ${ACCESS_TOKEN}`]));
  await context.unrouteAll({ behavior: "wait" });
  await context.close();
});
