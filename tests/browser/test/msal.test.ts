/**
 * The page's Microsoft Graph path: given an app (client) id it loads MSAL.js (only then) and signs in with a popup
 * to Entra ID's authorize endpoint, with PKCE, the app's redirect bridge and the delegated Graph scope. No request
 * leaves the machine: the browser context answers every https request itself and records it.
 */
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Example, startExample } from "./example.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CLIENT_ID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9";
const TENANT = "contoso.onmicrosoft.com";

let example: Example;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  example = await startExample(["--client-id", CLIENT_ID, "--tenant", TENANT]);
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
});

afterAll(async () => {
  await browser?.close();
  await example?.stop();
});

it("with a client id, signs in with MSAL.js's popup (authorization code with PKCE) before calling Graph", async () => {
  expect(example.emulatorUrl).toBeNull();
  expect(example.graphUrl).toBe("https://graph.microsoft.com/v1.0");
  const context = await browser.newContext();
  const outside: string[] = [];
  await context.route(/^https:\/\//, (route) => {
    outside.push(route.request().url());
    return route.fulfill({ status: 200, contentType: "text/html", body: "<p>sign-in</p>" });
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

  const [popup] = await Promise.all([page.waitForEvent("popup"), page.locator("#list").click()]);
  // MSAL opens the popup blank (so no popup blocker stops it), then sends it to the authorize endpoint.
  await popup.waitForURL(/^https:/);
  const authorize = new URL(popup.url());
  expect(`${authorize.origin}${authorize.pathname}`).toBe(
    `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/authorize`,
  );
  const query = authorize.searchParams;
  expect(query.get("client_id")).toBe(CLIENT_ID);
  expect(query.get("redirect_uri")).toBe(new URL("/redirect.html", example.url).href);
  expect(query.get("response_type")).toBe("code");
  expect(query.get("code_challenge_method")).toBe("S256");
  expect(query.get("scope")?.split(" ")).toContain("https://graph.microsoft.com/Synchronization.ReadWrite.All");
  // MSAL.js was fetched for this path only, and nothing but the sign-in page was asked of the outside world.
  expect(assets.some((path) => path.startsWith("/assets/msal-"))).toBe(true);
  expect(outside.map((url) => new URL(url).host)).toEqual(["login.microsoftonline.com"]);
  await context.close();
});
