/** Issue 15's emulator items: control routes only for loopback, no predictable temp files, a loopback-only CA, a key per instance. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AsnConvert } from "@peculiar/asn1-schema";
import * as x509 from "@peculiar/asn1-x509";
import { afterAll, describe, expect, it } from "vitest";
import { isAllowedHost } from "../src/control-guard.js";
import { DEMO_TENANT } from "../src/index.js";
import { call, expectGraphError, JOBS, jobPath, rawRequest, SP, start } from "./helpers.js";

const folder = mkdtempSync(join(tmpdir(), "graphsync-emulator-security-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe("control endpoint", () => {
  it("refuses a foreign Host (DNS rebinding) and any Origin, changing nothing", async () => {
    const emulator = await start();
    await call(emulator, "POST", jobPath(JOBS.paused, "start"));
    const port = new URL(emulator.url).port;
    const before = JSON.stringify(emulator.state.serialize());
    const attempts: Array<[string, string, Record<string, string>, string?]> = [
      ["POST", "/_emulator/reset", { host: `rebind.attacker.example:${port}` }],
      [
        "PUT",
        "/_emulator/state",
        { host: `evil.example`, "content-type": "application/json" },
        '{"servicePrincipals":[]}',
      ],
      ["POST", "/_emulator/reset", { origin: "https://attacker.example" }],
      ["POST", "/_emulator/faults", { origin: "null", "content-type": "application/json" }, '{"type":"throttle"}'],
      ["GET", "/_emulator/state", { origin: `http://127.0.0.1:${port}` }],
      ["POST", "/_emulator/clock/advance", { host: "10.0.0.5", "content-type": "application/json" }, '{"ms":1000}'],
    ];
    for (const [method, path, headers, body] of attempts) {
      const reply = await rawRequest(emulator, method, path, headers, body);
      expect(reply.status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(403);
      expectGraphError(reply, "Forbidden");
      expect(reply.headers["access-control-allow-origin"]).toBeUndefined();
    }
    expect(JSON.stringify(emulator.state.serialize())).toBe(before);
    expect(emulator.faults.list()).toEqual([]);
    expect(emulator.state.startCount(SP, JOBS.paused.jobId)).toBe(1);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, "LOCALHOST.", `127.1.2.3:${port}`]) {
      expect((await rawRequest(emulator, "GET", "/_emulator/health", { host })).status, host).toBe(200);
    }
    expect((await rawRequest(emulator, "POST", "/_emulator/reset", { host: `localhost:${port}` })).status).toBe(204);
    expect(emulator.state.startCount(SP, JOBS.paused.jobId)).toBe(0);
  });

  it("accepts the address it is bound to as Host, and loopback names", () => {
    expect(isAllowedHost("192.168.1.5:4010", "192.168.1.5")).toBe(true);
    expect(isAllowedHost("[fe80::1]:4010", "fe80::1")).toBe(true);
    expect(isAllowedHost("[::1]:4010", "0.0.0.0")).toBe(true);
    expect(isAllowedHost("192.168.1.6:4010", "192.168.1.5")).toBe(false);
    expect(isAllowedHost("localhost.attacker.example", "127.0.0.1")).toBe(false);
    expect(isAllowedHost("127.0.0.1.nip.io", "127.0.0.1")).toBe(false);
  });
});

describe("state file", () => {
  it("never writes through a link planted where the temp file would go", async () => {
    const file = join(folder, "state.json");
    const victim = join(folder, "victim.txt");
    writeFileSync(victim, "untouched");
    const emulator = await start({ stateFile: file });
    // The names a predictable writer would use next (pid and a counter), each a link to the victim.
    for (let i = 1; i <= 20; i++) symlinkSync(victim, join(folder, `.state.json.${process.pid}.${i}.tmp`));
    for (let i = 0; i < 5; i++) await call(emulator, "POST", jobPath(JOBS.paused, i % 2 ? "pause" : "start"));
    await emulator.close();
    expect(readFileSync(victim, "utf8")).toBe("untouched");
    expect(JSON.parse(readFileSync(file, "utf8")).seq).toBe(5);
    const temps = readdirSync(folder).filter((name) => name.endsWith(".tmp"));
    expect(temps).toHaveLength(20);
  });
});

describe("test CA", () => {
  it("may only vouch for loopback names and addresses (critical name constraints)", async () => {
    const emulator = await start({ tls: true });
    const der = Buffer.from((emulator.ca ?? "").replace(/-----[^-]+-----|\s/g, ""), "base64");
    const cert = AsnConvert.parse(der, x509.Certificate);
    const extension = cert.tbsCertificate.extensions?.find((e) => e.extnID === x509.id_ce_nameConstraints);
    expect(extension?.critical).toBe(true);
    const constraints = AsnConvert.parse(extension?.extnValue.buffer ?? new ArrayBuffer(0), x509.NameConstraints);
    const permitted = (constraints.permittedSubtrees ?? []).map((tree) => tree.base.dNSName ?? tree.base.iPAddress);
    expect(permitted).toEqual(["localhost", "127.0.0.0/8", "::1/128"]);
    expect(constraints.excludedSubtrees).toBeUndefined();
  });
});

describe("token signing", () => {
  it("gives each instance its own key: a token from one is refused by another", async () => {
    const first = await start({ auth: "jwt" });
    const second = await start({ auth: "jwt" });
    const admin = DEMO_TENANT.clients.admin;
    const response = await fetch(first.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: admin.clientId,
        client_secret: admin.clientSecret,
        scope: "https://graph.microsoft.com/.default",
      }).toString(),
    });
    const token = ((await response.json()) as { access_token: string }).access_token;
    expect((await call(first, "GET", jobPath(JOBS.active), { token })).status).toBe(200);
    const refused = await call(second, "GET", jobPath(JOBS.active), { token });
    expect(refused.status).toBe(401);
    expectGraphError(refused, "InvalidAuthenticationToken");
    expect(refused.json.error.message).toContain("Invalid signature");
    const kid = async (emulator: typeof first) =>
      (
        (await (await fetch(`${emulator.url}/${emulator.tenantId}/discovery/v2.0/keys`)).json()) as {
          keys: [{ kid: string }];
        }
      ).keys[0].kid;
    expect(await kid(first)).not.toBe(await kid(second));
  });
});
